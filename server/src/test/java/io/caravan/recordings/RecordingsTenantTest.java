package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A tenant sees and changes only the recordings of its own meetings, under its own meetingIDs. */
@Tag("end-to-end")
class RecordingsTenantTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CaravanUnderTest caravan;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(2)
                .clustersYaml("""
                        tenants:
                          - name: acme
                            secrets: [acme-secret]
                            hostnames: [acme.example.org]
                          - name: beta
                            secrets: [beta-secret]
                            hostnames: [beta.example.org]
                        """)
                .property("caravan.recordings.poll-interval", "300ms")
                .prepareNodes(nodes -> {
                    // both tenants recorded a meeting called "room"; on the node they are distinct meetings
                    nodes.get(0).addRecording("acme~room", "rec-acme", true, Map.of());
                    nodes.get(1).addRecording("beta~room", "rec-beta", true, Map.of());
                })
                .start();
        caravan.awaitPolls(3);
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static Xml call(String host, String secret, String call, String query) {
        BbbClient client = new BbbClient(caravan.apiUrl(), secret);
        return Xml.parse(client.send(HttpRequest.newBuilder(URI.create(client.url(call, query)))
                .header("X-Forwarded-Host", host).GET()).body());
    }

    @Test
    void eachTenantListsOnlyItsOwnRecordingsUnderItsOwnMeetingId() {
        CaravanUnderTest.await(() -> call("acme.example.org", "acme-secret", "getRecordings", "")
                .texts("recordID").contains("rec-acme"), "acme's recording indexed");
        Xml acme = call("acme.example.org", "acme-secret", "getRecordings", "");
        assertEquals(List.of("rec-acme"), acme.texts("recordID"));
        assertEquals("room", acme.text("meetingID"));
        Xml beta = call("beta.example.org", "beta-secret", "getRecordings", "meetingID=room");
        assertEquals(List.of("rec-beta"), beta.texts("recordID"));
        assertEquals("room", beta.text("meetingID"));
    }

    @Test
    void aTenantCannotChangeAnotherTenantsRecording() {
        CaravanUnderTest.await(() -> call("beta.example.org", "beta-secret", "getRecordings", "")
                .texts("recordID").contains("rec-beta"), "beta's recording indexed");
        Xml publish = call("acme.example.org", "acme-secret", "publishRecordings", "recordID=rec-beta&publish=false");
        assertEquals("notFound", publish.messageKey());
        Xml delete = call("acme.example.org", "acme-secret", "deleteRecordings", "recordID=rec-beta");
        assertEquals("notFound", delete.messageKey());
        assertTrue(caravan.node(1).hasRecording("rec-beta"), "beta's recording is untouched");

        Xml own = call("beta.example.org", "beta-secret", "publishRecordings", "recordID=rec-beta&publish=false");
        assertEquals("SUCCESS", own.returncode());
        assertFalse("published".equals(caravan.node(1).recordingState("rec-beta")));
    }

    @Test
    void aTenantReachesTheTextTracksOfItsOwnRecordingsOnly() throws Exception {
        CaravanUnderTest.await(() -> call("beta.example.org", "beta-secret", "getRecordings", "")
                .texts("recordID").contains("rec-beta"), "beta's recording indexed");
        BbbClient acme = new BbbClient(caravan.apiUrl(), "acme-secret");
        HttpResponse<String> foreign = acme.send(HttpRequest.newBuilder(
                URI.create(acme.url("getRecordingTextTracks", "recordID=rec-beta")))
                .header("X-Forwarded-Host", "acme.example.org").GET());
        assertEquals("noRecordings", JSON.readTree(foreign.body()).path("response").path("messageKey").asText());
        byte[] track = RecordingTextTracksTest.multipart(Map.of(), "en.vtt",
                "WEBVTT\n".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> foreignUpload = RecordingTextTracksTest.upload(acme,
                "recordID=rec-beta&kind=captions&lang=en", track, "X-Forwarded-Host", "acme.example.org");
        assertEquals("noRecordings",
                JSON.readTree(foreignUpload.body()).path("response").path("messageKey").asText());
        assertTrue(caravan.node(1).calls("putRecordingTextTrack").isEmpty(), "nothing reached beta's node");

        // beta, through its /t/beta/ path, uploads to its own recording
        BbbClient beta = new BbbClient(caravan.baseUrl() + "/t/beta/bigbluebutton/api", "beta-secret");
        HttpResponse<String> own = RecordingTextTracksTest.upload(beta, "recordID=rec-beta&kind=captions&lang=en",
                track);
        assertEquals("SUCCESS", JSON.readTree(own.body()).path("response").path("returncode").asText());
        // bbb-web labels a track without label by its language's name (docs_getRecordingTextTracks_success.json)
        assertEquals(List.of("captions en English"), caravan.node(1).textTracks("rec-beta"));
    }
}
