package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.emulator.EmulatedNode;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** getRecordingTextTracks and putRecordingTextTrack through Caravan to the node that has the recording. */
@Tag("end-to-end")
class RecordingTextTracksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDARY = "----CaravanBoundary7MA4YWxkTrZu0gW";

    private static CaravanUnderTest caravan;
    private static BbbClient client;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(2)
                .property("caravan.recordings.poll-interval", "300ms")
                .prepareNodes(nodes -> {
                    nodes.get(0).addRecording("room-t", "rec-t-1", true, Map.of());
                    nodes.get(1).addRecording("room-u", "rec-u-1", true, Map.of());
                })
                .start();
        client = caravan.client();
        CaravanUnderTest.await(() -> Xml.parse(client.get("getRecordings", "").body()).texts("recordID").size() == 2,
                "both recordings indexed");
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    static byte[] multipart(Map<String, String> fields, String filename, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/vtt\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static HttpResponse<String> upload(BbbClient as, String query, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(as.url("putRecordingTextTrack", query)))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return as.send(request);
    }

    static JsonNode json(HttpResponse<String> answer) {
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "JSON content type: " + answer.headers());
        try {
            return JSON.readTree(answer.body()).path("response");
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer.body(), e);
        }
    }

    @Test
    void anUploadReachesTheRecordingsNodeByteForByteAndIsListed() {
        byte[] vtt = "WEBVTT\n\n00:00.000 --> 00:01.000\nOlá, ação!\n".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[vtt.length + 3];
        System.arraycopy(vtt, 0, file, 0, vtt.length);
        file[vtt.length] = (byte) 0xFF; // not UTF-8: a re-encoded body would change these bytes
        file[vtt.length + 1] = 0;
        file[vtt.length + 2] = (byte) 0x80;
        // recordID and label in the multipart fields (Grails merges them into params), kind and lang in the query
        byte[] body = multipart(Map.of("recordID", "rec-u-1", "label", "Português"), "pt.vtt", file);

        JsonNode answer = json(upload(client, "kind=subtitles&lang=pt-BR", body));

        assertEquals("SUCCESS", answer.path("returncode").asText());
        assertEquals("upload_text_track_success", answer.path("messageKey").asText());
        List<EmulatedNode.ReceivedCall> received = caravan.node(1).calls("putRecordingTextTrack");
        assertEquals(1, received.size());
        assertEquals("POST", received.get(0).method());
        assertEquals("multipart/form-data; boundary=" + BOUNDARY, received.get(0).contentType());
        assertArrayEquals(body, received.get(0).body());
        assertTrue(caravan.node(0).calls("putRecordingTextTrack").stream()
                .noneMatch(call -> Arrays.equals(body, call.body())), "only the recording's node got the upload");

        JsonNode tracks = json(client.get("getRecordingTextTracks", "recordID=rec-u-1"));
        assertEquals("SUCCESS", tracks.path("returncode").asText());
        assertEquals(1, tracks.path("tracks").size());
        JsonNode track = tracks.path("tracks").get(0);
        assertEquals("pt-BR", track.path("lang").asText());
        assertEquals("Português", track.path("label").asText());
        assertEquals("subtitles", track.path("kind").asText());
        assertTrue(track.path("href").asText().startsWith("http://127.0.0.1:" + caravan.node(1).port() + "/"),
                track.toString());

        // JSON answers are counted by their returncode like XML ones
        String metrics = client.getUrl(caravan.baseUrl() + "/metrics").body();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("caravan_api_calls_total{")
                && line.contains("call=\"getRecordingTextTracks\"") && line.contains("result=\"SUCCESS\"")),
                "getRecordingTextTracks counted as SUCCESS");
    }

    @Test
    void aRecordingNobodyHasIsBbbWebsNoRecordings() {
        JsonNode listed = json(client.get("getRecordingTextTracks", "recordID=nope"));
        assertEquals("FAILED", listed.path("returncode").asText());
        assertEquals("noRecordings", listed.path("messageKey").asText());
        JsonNode uploaded = json(upload(client, "recordID=nope&kind=captions&lang=en",
                multipart(Map.of(), "en.vtt", "WEBVTT\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("noRecordings", uploaded.path("messageKey").asText());
    }

    @Test
    void aMissingRecordIdIsRefusedAsBbbWebDoes() {
        // bbb-web: getRecordingTextTracks answers this one in XML, putRecordingTextTrack in JSON
        Xml listed = Xml.parse(client.get("getRecordingTextTracks", "").body());
        assertEquals("FAILED", listed.returncode());
        assertEquals("missingParamRecordID", listed.messageKey());
        JsonNode uploaded = json(upload(client, "kind=captions&lang=en",
                multipart(Map.of(), "en.vtt", "WEBVTT\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("FAILED", uploaded.path("returncode").asText());
        assertEquals("paramError", uploaded.path("messageKey").asText());
    }

    @Test
    void theNodesOwnRefusalIsForwarded() {
        JsonNode answer = json(upload(client, "recordID=rec-t-1&kind=karaoke&lang=en",
                multipart(Map.of(), "en.vtt", "WEBVTT\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("FAILED", answer.path("returncode").asText());
        assertEquals("invalidKind", answer.path("messageKey").asText());
    }

    @Test
    void switchedOffAnswersAsIfNoRecordingExisted() {
        try (CaravanUnderTest off = CaravanUnderTest.builder().nodes(1)
                .property("caravan.recordings.enabled", "false")
                .prepareNodes(nodes -> nodes.get(0).addRecording("room-x", "rec-x", true, Map.of()))
                .start()) {
            JsonNode answer = json(off.client().get("getRecordingTextTracks", "recordID=rec-x"));
            assertEquals("noRecordings", answer.path("messageKey").asText());
            assertTrue(off.node(0).calls("getRecordingTextTracks").isEmpty());
        }
    }
}
