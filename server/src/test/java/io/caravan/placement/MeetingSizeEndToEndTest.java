package io.caravan.placement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.caravan.emulator.EmulatedNode;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.RedisUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Meetings that say how many attendees they expect, placed over emulated nodes: their seats weigh on their node until
 * the attendees arrive or the cooldown ends; and the cap rule, as the node receives the create.
 */
@Tag("end-to-end")
class MeetingSizeEndToEndTest {

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    /** The node the meeting was created on. */
    private static EmulatedNode nodeOf(CaravanUnderTest caravan, String meetingId) {
        return caravan.nodes().stream().filter(n -> n.hasMeeting(meetingId)).findFirst().orElseThrow();
    }

    private static void create(BbbClient client, String query) {
        assertEquals("SUCCESS", Xml.parse(client.get("create", "name=Room&" + query).body()).returncode(), query);
    }

    @Test
    void aLargeLectureKeepsTheNextMeetingsOffItsNodeUntilItsAttendeesArrive() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(3).start()) {
            BbbClient client = caravan.client();
            create(client, "meetingID=lecture&meta_bbb-meeting-size-hint=300");
            EmulatedNode lectureNode = nodeOf(caravan, "lecture");
            assertEquals(300, caravan.registry().reservedSeats(lectureNode.name()));
            for (int i = 0; i < 10; i++) {
                create(client, "meetingID=seminar-" + i);
                assertFalse(lectureNode.hasMeeting("seminar-" + i), "seminar " + i + " avoids the lecture's node");
            }

            lectureNode.addAttendees("lecture", 120);
            CaravanUnderTest.await(() -> caravan.registry().reservedSeats(lectureNode.name()) == 180,
                    "polls see 120 of the 300 attendees");
            lectureNode.addAttendees("lecture", 180);
            CaravanUnderTest.await(() -> caravan.registry().reservedSeats(lectureNode.name()) == 0,
                    "all 300 arrived");
            caravan.awaitPolls(1);
            assertEquals(300 + 30, caravan.registry().load(lectureNode.name()), 1e-9,
                    "the attendees that came replace the seats held for them: they are not counted twice");
        }
    }

    @Test
    void theSeatsOfAMeetingWhoseAttendeesNeverComeEndWithTheCooldown() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2)
                .property("caravan.placement.reservation-cooldown", "1500ms").start()) {
            BbbClient client = caravan.client();
            create(client, "meetingID=empty-lecture&meta_bbb-meeting-size-hint=500");
            EmulatedNode lectureNode = nodeOf(caravan, "empty-lecture");
            create(client, "meetingID=next");
            assertFalse(lectureNode.hasMeeting("next"));
            CaravanUnderTest.await(() -> caravan.registry().reservedSeats(lectureNode.name()) == 0,
                    "the cooldown ends the reservation");
            caravan.awaitPolls(1);
            assertEquals(30, caravan.registry().load(lectureNode.name()), 1e-9, "one empty meeting is left");
        }
    }

    @Test
    void maxParticipantsSaysTheSizeWhenNoHintDoesAndBoundsAHint() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).start()) {
            BbbClient client = caravan.client();
            create(client, "meetingID=class&maxParticipants=200");
            EmulatedNode classNode = nodeOf(caravan, "class");
            assertEquals(200, caravan.registry().reservedSeats(classNode.name()));
            for (int i = 0; i < 5; i++) {
                create(client, "meetingID=small-" + i);
                assertFalse(classNode.hasMeeting("small-" + i), "meeting " + i);
            }
            create(client, "meetingID=bounded&maxParticipants=50&meta_bbb-meeting-size-hint=5000");
            long held = caravan.nodes().stream().mapToLong(n -> caravan.registry().reservedSeats(n.name())).sum();
            assertEquals(200 + 50, held, "a hint above maxParticipants counts as maxParticipants");
        }
    }

    @Test
    void aHintThatIsNotACountIsIgnoredAndTheCreateGoesThroughUnchanged() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).start()) {
            create(caravan.client(), "meetingID=odd&meta_bbb-meeting-size-hint=lots");
            EmulatedNode node = nodeOf(caravan, "odd");
            assertEquals(0, caravan.registry().reservedSeats(node.name()));
            assertTrue(node.calls("create").get(0).rawQuery().contains("meta_bbb-meeting-size-hint=lots"),
                    "metadata is the node's to keep");
        }
    }

    @Test
    void theCapRuleLowersTheDurationTheNodeReceives() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1)
                .clustersYaml("parameters:\n  create:\n    cap: {duration: 240, maxParticipants: 100}\n").start()) {
            BbbClient client = caravan.client();
            create(client, "meetingID=long&duration=600");
            create(client, "meetingID=unset");
            create(client, "meetingID=short&duration=45&maxParticipants=30");
            List<EmulatedNode.ReceivedCall> creates = caravan.node(0).calls("create");
            assertEquals(3, creates.size());
            assertTrue(creates.get(0).rawQuery().contains("duration=240"), creates.get(0).rawQuery());
            assertFalse(creates.get(0).rawQuery().contains("duration=600"), creates.get(0).rawQuery());
            assertTrue(creates.get(1).rawQuery().contains("duration=240"), "none is no limit: the cap is sent");
            assertTrue(creates.get(1).rawQuery().contains("maxParticipants=100"));
            assertTrue(creates.get(2).rawQuery().contains("duration=45"), creates.get(2).rawQuery());
            assertTrue(creates.get(2).rawQuery().contains("maxParticipants=30"), creates.get(2).rawQuery());
            assertTrue(Xml.parse(client.get("getMeetingInfo", "meetingID=long").body()).text("duration").equals("240"),
                    "the node's meeting has the capped duration");
        }
    }

    @Test
    void anotherInstanceSeesTheSeatsAndPlacesElsewhere() {
        try (RedisUnderTest redis = RedisUnderTest.start();
                CaravanUnderTest a = CaravanUnderTest.builder().nodes(3)
                        .property("caravan.store", "redis")
                        .property("caravan.redis.url", redis.url())
                        .property("caravan.redis.key-prefix", "sizing" + PREFIXES.incrementAndGet() + ":").start();
                CaravanUnderTest b = a.another()) {
            create(a.client(), "meetingID=shared-lecture&meta_bbb-meeting-size-hint=400");
            EmulatedNode lectureNode = nodeOf(a, "shared-lecture");
            CaravanUnderTest.await(() -> b.registry().reservedSeats(lectureNode.name()) == 400,
                    "the other instance holds the seats too");
            for (int i = 0; i < 8; i++) {
                create(b.client(), "meetingID=elsewhere-" + i);
                assertFalse(lectureNode.hasMeeting("elsewhere-" + i), "meeting " + i + " through the other instance");
            }
        }
    }
}
