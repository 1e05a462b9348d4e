package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A recording that finished after the last recordings poll (an hour apart here) is still found when a client
 * changes it: Caravan asks the nodes about the recordIDs its index does not know.
 */
@Tag("end-to-end")
class RecordingsLookupTest {

    private static CaravanUnderTest caravan;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(2)
                .property("caravan.recordings.poll-interval", "1h")
                .prepareNodes(nodes -> nodes.get(0).addRecording("old-room", "rec-old", true, Map.of()))
                .start();
        CaravanUnderTest.await(() -> caravan.client().get("getRecordings", "").body().contains("rec-old"),
                "the first poll indexed rec-old");
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    @Test
    void aRecordingFinishedSinceTheLastPollCanBeChangedAtOnce() {
        caravan.node(1).addRecording("new-room", "rec-new", true, Map.of());
        assertFalse(caravan.client().get("getRecordings", "").body().contains("rec-new"), "not polled yet");

        Xml hidden = Xml.parse(caravan.client().get("publishRecordings", "recordID=rec-new&publish=false").body());
        assertEquals("SUCCESS", hidden.returncode());
        assertEquals("unpublished", caravan.node(1).recordingState("rec-new"));
        assertTrue(caravan.client().get("getRecordings", "recordID=rec-new").body()
                .contains("<state>unpublished</state>"), "and it is listed from then on");
        assertTrue(caravan.node(0).calls("publishRecordings").isEmpty(), "only its node was asked to change it");
    }

    @Test
    void aRecordingFinishedSinceTheLastPollTakesTextTracksAtOnce() throws Exception {
        caravan.node(1).addRecording("track-room", "rec-tracked", true, Map.of());

        JsonNode uploaded = RecordingTextTracksTest.json(RecordingTextTracksTest.upload(caravan.client(),
                "kind=captions&lang=de", RecordingTextTracksTest.multipart(Map.of("recordID", "rec-tracked"),
                        "de.vtt", "WEBVTT\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("SUCCESS", uploaded.path("returncode").asText(), uploaded.toString());
        assertEquals(1, caravan.node(1).calls("putRecordingTextTrack").size(), "the upload reached its node");

        caravan.node(1).addRecording("track-room", "rec-tracked-too", true, Map.of());
        JsonNode tracks = RecordingTextTracksTest.json(caravan.client().get("getRecordingTextTracks",
                "recordID=rec-tracked-too"));
        assertEquals("SUCCESS", tracks.path("returncode").asText(), tracks.toString());
        assertTrue(caravan.node(0).calls("getRecordingTextTracks").isEmpty(), "only its node was asked for tracks");
    }

    @Test
    void anUnknownRecordingStillHasNoTextTracks() {
        JsonNode tracks = RecordingTextTracksTest.json(caravan.client().get("getRecordingTextTracks",
                "recordID=rec-nowhere"));
        assertEquals("noRecordings", tracks.path("messageKey").asText());
    }

    @Test
    void aRecordIdNoNodeHasIsStillNotFound() {
        Xml answer = Xml.parse(caravan.client().get("deleteRecordings", "recordID=rec-nowhere").body());
        assertEquals("FAILED", answer.returncode());
        assertEquals("notFound", answer.messageKey());
    }
}
