package io.caravan.meetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import io.caravan.emulator.EmulatedNode;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * getMeetings reads Caravan's own writes: a meeting created, ended or found by a lookup shows (or is gone) in the very
 * next getMeetings, with no poll in between. Polls run once at start here, then not for an hour, and every test checks
 * that no cycle ran meanwhile.
 */
@Tag("end-to-end")
class ReadYourWritesTest {

    private static CaravanUnderTest caravan;
    private static BbbClient client;

    @BeforeAll
    static void start() {
        // one good poll takes a node online; the next cycle is an hour away
        caravan = CaravanUnderTest.builder().nodes(2).property("caravan.poll.interval", "1h")
                .property("caravan.health.online-after", "1").startWithoutWaitingForPolls();
        caravan.nodes().forEach(node -> caravan.awaitOnline(node.name(), true));
        CaravanUnderTest.await(() -> caravan.registry().completedPollCycles() >= 1, "the first poll cycle ends");
        client = caravan.client();
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static List<String> listedMeetings() {
        HttpResponse<String> answer = client.get("getMeetings", "");
        Xml xml = Xml.parse(answer.body());
        assertEquals("SUCCESS", xml.returncode(), answer.body());
        return xml.texts("meetingID");
    }

    private static EmulatedNode nodeOf(String meetingId) {
        return caravan.nodes().stream().filter(n -> n.hasMeeting(meetingId)).findFirst().orElseThrow();
    }

    private static BbbClient direct(EmulatedNode node) {
        return new BbbClient(node.baseUrl(), node.secret());
    }

    @Test
    void aCreatedMeetingIsListedAtOnce() {
        long cycles = caravan.registry().completedPollCycles();
        assertEquals("SUCCESS", Xml.parse(client.get("create", "name=Fresh&meetingID=ryw-created").body())
                .returncode());

        List<String> listed = listedMeetings();

        assertTrue(listed.contains("ryw-created"), "listed: " + listed);
        assertEquals(cycles, caravan.registry().completedPollCycles(), "no poll cycle ran in between");
    }

    @Test
    void anEndedMeetingIsGoneAtOnceAndASecondEndAnswersAsTheNodeDoes() {
        client.get("create", "name=Ending&meetingID=ryw-ended");
        assertTrue(listedMeetings().contains("ryw-ended"));
        EmulatedNode node = nodeOf("ryw-ended");
        long cycles = caravan.registry().completedPollCycles();

        Xml ended = Xml.parse(client.get("end", "meetingID=ryw-ended").body());
        assertEquals("SUCCESS", ended.returncode());
        assertFalse(listedMeetings().contains("ryw-ended"));

        Xml again = Xml.parse(client.get("end", "meetingID=ryw-ended").body());
        Xml atTheNode = Xml.parse(direct(node).get("end", "meetingID=ryw-ended").body());
        assertEquals(atTheNode.returncode(), again.returncode());
        assertEquals(atTheNode.messageKey(), again.messageKey());
        assertEquals(atTheNode.text("message"), again.text("message"));
        assertEquals(cycles, caravan.registry().completedPollCycles(), "no poll cycle ran in between");
    }

    @Test
    void anEndedMeetingIsGoneEvenWhenItsNodeCannotBeAskedAgain() {
        client.get("create", "name=Ending+then+down&meetingID=ryw-ended-down");
        assertTrue(listedMeetings().contains("ryw-ended-down"));
        EmulatedNode node = nodeOf("ryw-ended-down");
        client.get("create", "name=Neighbour&meetingID=ryw-neighbour");
        assertEquals("SUCCESS", Xml.parse(client.get("end", "meetingID=ryw-ended-down").body()).returncode());
        node.hang(true);
        try {
            List<String> listed = listedMeetings();
            assertFalse(listed.contains("ryw-ended-down"), "listed: " + listed);
        } finally {
            node.hang(false);
        }
    }

    @Test
    void aMeetingFoundByALookupIsListedAtOnce() {
        EmulatedNode node = caravan.node(1);
        // created on the node behind Caravan's back (as before a Caravan restart): no poll has seen it
        assertEquals("SUCCESS", Xml.parse(direct(node).get("create", "name=Elsewhere&meetingID=ryw-found").body())
                .returncode());

        Xml info = Xml.parse(client.get("getMeetingInfo", "meetingID=ryw-found").body());
        assertEquals("SUCCESS", info.returncode());

        assertTrue(listedMeetings().contains("ryw-found"));
    }
}
