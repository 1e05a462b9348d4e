package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.caravan.emulator.EmulatedNode;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Recordings on two emulated nodes, listed and changed through Caravan. */
@Tag("end-to-end")
class RecordingsEndToEndTest {

    private static CaravanUnderTest caravan;
    private static BbbClient client;
    private static String first;
    private static String second;
    private static String unpublished;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(2)
                .property("caravan.recordings.poll-interval", "300ms")
                .prepareNodes(nodes -> {
                    first = nodes.get(0).addRecording("room-a", null, true, Map.of("course", "math"));
                    second = nodes.get(1).addRecording("room-b", "rec-b-1", true, Map.of("course", "art"));
                    unpublished = nodes.get(1).addRecording("room-a", "rec-a-2", false, Map.of());
                })
                .start();
        client = caravan.client();
        CaravanUnderTest.await(() -> list("").texts("recordID").size() == 3, "three recordings indexed");
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static Xml list(String query) {
        return Xml.parse(client.get("getRecordings", query).body());
    }

    @Test
    void listsRecordingsOfAllNodesWithFilters() {
        assertEquals("SUCCESS", list("").returncode());
        assertEquals(List.of(first, unpublished), list("meetingID=room-a").texts("recordID"));
        assertEquals(List.of("rec-b-1"), list("recordID=rec-b").texts("recordID"));
        assertEquals(List.of("rec-b-1"), list("meta_course=art").texts("recordID"));
        // bbb-web's % wildcards: contains, ends with, starts with (%25 is % in a query)
        assertEquals(List.of(first), list("meta_course=%25at%25").texts("recordID"));
        assertEquals(List.of("rec-b-1"), list("meta_course=%25rt").texts("recordID"));
        assertEquals(List.of(first), list("meta_course=ma%25").texts("recordID"));
        assertEquals(List.of(first, "rec-b-1"), list("meta_course=%25").texts("recordID"));
        assertEquals(List.of(unpublished), list("meetingID=room-a&state=unpublished").texts("recordID"));
        assertEquals(3, list("state=any").texts("recordID").size());
        Xml none = list("meetingID=nobody");
        assertEquals("SUCCESS", none.returncode());
        assertEquals("noRecordings", none.messageKey());
    }

    @Test
    void publishSplitsTheRecordIdsPerNodeAndTheIndexFollowsAtOnce() {
        Xml answer = Xml.parse(client.get("publishRecordings",
                "recordID=" + first + ",rec-b-1&publish=false").body());
        assertEquals("SUCCESS", answer.returncode());
        assertEquals("unpublished", caravan.node(0).recordingState(first));
        assertEquals("unpublished", caravan.node(1).recordingState("rec-b-1"));
        assertEquals(List.of("unpublished", "unpublished"), list("recordID=" + first + ",rec-b-1").texts("state"));
        client.get("publishRecordings", "recordID=" + first + ",rec-b-1&publish=true");
        assertEquals("published", caravan.node(0).recordingState(first));
    }

    @Test
    void updateAndDeleteGoToTheOwningNode() {
        String extra = caravan.node(0).addRecording("room-c", "rec-c-1", true, Map.of());
        CaravanUnderTest.await(() -> !list("recordID=rec-c").texts("recordID").isEmpty(), "rec-c-1 indexed");
        Xml updated = Xml.parse(client.get("updateRecordings", "recordID=" + extra + "&meta_course=bio").body());
        assertEquals("SUCCESS", updated.returncode());
        assertEquals("bio", caravan.node(0).recordingMetadata(extra).get("course"));
        assertEquals(List.of(extra), list("meta_course=bio").texts("recordID"));
        Xml deleted = Xml.parse(client.get("deleteRecordings", "recordID=" + extra).body());
        assertEquals("SUCCESS", deleted.returncode());
        assertFalse(caravan.node(0).hasRecording(extra));
        assertEquals("noRecordings", list("recordID=rec-c").messageKey());
    }

    @Test
    void unknownOrMissingRecordIdsAnswerLikeBbb() {
        assertEquals("notFound", Xml.parse(client.get("deleteRecordings", "recordID=nope").body()).messageKey());
        assertEquals("missingParamRecordID", Xml.parse(client.get("deleteRecordings", "").body()).messageKey());
        assertEquals("missingParamPublish",
                Xml.parse(client.get("publishRecordings", "recordID=" + first).body()).messageKey());
    }

    @Test
    void switchedOffAnswersNoRecordingsAndNotFound() {
        try (CaravanUnderTest off = CaravanUnderTest.builder().nodes(1)
                .property("caravan.recordings.enabled", "false")
                .property("caravan.recordings.poll-interval", "300ms")
                .prepareNodes(nodes -> nodes.get(0).addRecording("room-x", "rec-x", true, Map.of()))
                .start()) {
            BbbClient offClient = off.client();
            assertEquals("noRecordings", Xml.parse(offClient.get("getRecordings", "").body()).messageKey());
            assertEquals("notFound",
                    Xml.parse(offClient.get("deleteRecordings", "recordID=rec-x").body()).messageKey());
            assertTrue(off.node(0).hasRecording("rec-x"));
        }
    }

    @Test
    void changesAndListsSentAsFormPostsReadTheFormBody() {
        String id = caravan.node(1).addRecording("room-f", "rec-f-1", true, Map.of());
        CaravanUnderTest.await(() -> !list("recordID=rec-f").texts("recordID").isEmpty(), "rec-f-1 indexed");
        String form = "application/x-www-form-urlencoded";
        // the checksum covers the query only (empty here), as bbb-web computes it for a POST
        Xml published = Xml.parse(client.post("publishRecordings", "", form, "recordID=" + id + "&publish=false")
                .body());
        assertEquals("SUCCESS", published.returncode());
        assertEquals("unpublished", caravan.node(1).recordingState(id));
        EmulatedNode.ReceivedCall forwarded = caravan.node(1).calls("publishRecordings").get(
                caravan.node(1).calls("publishRecordings").size() - 1);
        assertEquals("GET", forwarded.method());
        assertTrue(forwarded.rawQuery().startsWith("recordID=" + id + "&publish=false&checksum="),
                forwarded.rawQuery());

        Xml updated = Xml.parse(client.post("updateRecordings", "recordID=" + id, form, "meta_course=chem").body());
        assertEquals("SUCCESS", updated.returncode());
        assertEquals("chem", caravan.node(1).recordingMetadata(id).get("course"));

        Xml listed = Xml.parse(client.post("getRecordings", "", form, "meetingID=room-f&state=unpublished").body());
        assertEquals(List.of(id), listed.texts("recordID"));
        assertEquals("missingParamRecordID",
                Xml.parse(client.post("deleteRecordings", "", form, "publish=true").body()).messageKey());
        assertEquals("SUCCESS", Xml.parse(client.post("deleteRecordings", "", form, "recordID=" + id).body())
                .returncode());
        assertFalse(caravan.node(1).hasRecording(id));
    }

    @Test
    void aDeletedRecordingLeavesTheIndexAtOnceEvenWhenItsNodeCannotBeListed() {
        String id = caravan.node(0).addRecording("room-d", "rec-d-1", true, Map.of());
        CaravanUnderTest.await(() -> !list("recordID=rec-d").texts("recordID").isEmpty(), "rec-d-1 indexed");
        caravan.node(0).failing("getRecordings", true);
        try {
            // polls run one after the other: once one has asked since, none can bring back an older list
            caravan.node(0).clearCalls();
            CaravanUnderTest.await(() -> !caravan.node(0).calls("getRecordings").isEmpty(), "a failing poll");
            Xml deleted = Xml.parse(client.get("deleteRecordings", "recordID=" + id).body());
            assertEquals("SUCCESS", deleted.returncode());
            assertFalse(caravan.node(0).hasRecording(id));
            assertEquals("noRecordings", list("recordID=rec-d").messageKey());
            assertEquals(List.of(first), list("recordID=" + first).texts("recordID"),
                    "the node's other recordings stay listed while it cannot be polled");
        } finally {
            caravan.node(0).failing("getRecordings", false);
        }
    }

    @Test
    void playbackUrlsPointAtTheNodeWithoutAPlaybackHost() {
        assertEquals(List.of("http://127.0.0.1:" + caravan.node(1).port() + "/playback/presentation/2.3/rec-b-1"),
                list("recordID=rec-b-1").texts("url"));
    }
}
