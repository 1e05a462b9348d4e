package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.catalog.CatalogEntry;
import io.caravan.catalog.ImportStatus;
import io.caravan.catalog.RecordingCatalog;
import io.caravan.storage.TestRecordings;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.PublishedRecordings;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's published recording reaches Caravan's storage: deploy/bbb/caravan-recording-upload, run as BBB's
 * post_publish hook would, packs and uploads it; Caravan checks the node's credential, verifies the archive while it
 * streams, and keeps it under the tenant its meetingID names. Every refused upload leaves nothing behind.
 */
@Tag("end-to-end")
class RecordingUploadEndToEndTest {

    private static final long MAX_BYTES = 200_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static CaravanUnderTest caravan;

    @TempDir
    Path published;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(2)
                .clustersYaml("""
                        tenants:
                          - name: acme
                            secrets: [acme-secret]
                            hostnames: [acme.example.org]
                        """)
                .property("caravan.recordings.upload.max-bytes", Long.toString(MAX_BYTES))
                .start();
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static Path storage() {
        return caravan.dataDir().resolve("recordings");
    }

    /** A recording as BBB's publish scripts leave it under /var/bigbluebutton/published. */
    private void publish(String recordId, String meetingId, String... formats) throws IOException {
        new PublishedRecordings(published).publish(recordId, meetingId, 1715000000000L, formats);
    }

    /** deploy/bbb/caravan-recording-upload as the node with this name and secret runs it. */
    private PublishedRecordings.Run upload(String recordId, String nodeName, String nodeSecret) throws Exception {
        return new PublishedRecordings(published).upload(caravan.baseUrl(), recordId, nodeName, nodeSecret);
    }

    private static String credential(int node) {
        String name = caravan.node(node).name();
        return name + ":" + RecordingUploads.credential(name, caravan.node(node).secret());
    }

    private static HttpResponse<String> post(String authorization, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(caravan.baseUrl() + "/recordings/upload"))
                .timeout(java.time.Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", "Bearer " + authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] tarGz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] text(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    /** Nothing of a refused upload is in the store: no recording of that id, no staged import left. */
    private static void nothingKept(String recordId) throws IOException {
        assertTrue(catalog().find(recordId).isEmpty(), recordId + " catalogued");
        if (!Files.isDirectory(storage())) {
            return;
        }
        try (Stream<Path> all = Files.walk(storage())) {
            assertFalse(all.anyMatch(path -> path.toString().contains(recordId)), recordId + " left in the store");
        }
        Path staging = storage().resolve(".staging");
        if (Files.isDirectory(staging)) {
            try (Stream<Path> staged = Files.list(staging)) {
                assertEquals(0, staged.count(), "a staged import left behind");
            }
        }
    }

    @Test
    void theNodeScriptUploadsAPublishedRecordingIntoItsTenant() throws Exception {
        String recordId = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678-1715000000001";
        publish(recordId, "acme~physics", "presentation", "video");

        PublishedRecordings.Run run = upload(recordId, "bbb1", caravan.node(0).secret());

        assertEquals(0, run.exitCode(), run.out());
        JsonNode answer = JSON.readTree(run.out());
        assertEquals(recordId, answer.path("recordID").asText());
        assertEquals("acme", answer.path("tenant").asText());
        assertEquals("acme~physics", answer.path("meetingID").asText());
        Path stored = storage().resolve("acme").resolve(recordId);
        assertTrue(Files.isRegularFile(stored.resolve("presentation/metadata.xml")), "presentation stored");
        assertTrue(Files.isRegularFile(stored.resolve("presentation/video/webcams.webm")));
        assertTrue(Files.isRegularFile(stored.resolve("video/video-0.m4v")), "video stored");
        CatalogEntry catalogued = catalog().find(recordId).orElseThrow(() -> new AssertionError("not catalogued"));
        assertEquals("acme", catalogued.recording().tenant());
        assertEquals("physics", catalogued.recording().meetingId(), "the meetingID its tenant's clients know");
        assertEquals("bbb1", catalogued.recording().originNode());
        assertEquals(java.util.List.of("presentation", "video"),
                catalogued.recording().formats().stream().map(format -> format.type()).sorted().toList());
        assertEquals(ImportStatus.State.IMPORTED, catalogued.importStatus().state());

        // published again without the video (e.g. the operator removed it): the new upload replaces it whole
        try (Stream<Path> video = Files.walk(published.resolve("video"))) {
            video.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        assertEquals(0, upload(recordId, "bbb1", caravan.node(0).secret()).exitCode());
        assertTrue(Files.isRegularFile(stored.resolve("presentation/metadata.xml")));
        assertFalse(Files.exists(stored.resolve("video")), "the format no longer published is gone");
        assertEquals(java.util.List.of("presentation"), catalog().find(recordId).orElseThrow().recording().formats()
                .stream().map(format -> format.type()).toList(), "the catalog follows");

        caravan.restart();
        assertEquals("physics", catalog().find(recordId).orElseThrow().recording().meetingId(),
                "the catalog survives a restart");
    }

    private static RecordingCatalog catalog() {
        return caravan.bean("recordingCatalogOnDemand", RecordingCatalogOnDemand.class).get();
    }

    /** BBB runs every post_publish script with -m <recordID> (and -f <format>) once it has published a format. */
    @Test
    void bbbsPostPublishHookUploadsTheRecordingThroughTheScript() throws Exception {
        String recordId = "c5b2c3d4e5f60718293a4b5c6d7e8f9012345678-1715000000005";
        publish(recordId, "acme~astronomy", "presentation");
        ProcessBuilder hook = new ProcessBuilder("ruby", "deploy/bbb/post_publish_caravan.rb", "-m", recordId, "-f",
                "presentation").redirectErrorStream(true);
        Map<String, String> env = hook.environment();
        env.put("CARAVAN_RECORDING_UPLOAD", Path.of("deploy/bbb/caravan-recording-upload").toAbsolutePath()
                .toString());
        env.put("CARAVAN_UPLOAD_CONFIG", published.resolve("no-such-config").toString());
        env.put("CARAVAN_URL", caravan.baseUrl());
        env.put("NODE_NAME", caravan.node(0).name());
        env.put("NODE_SECRET", caravan.node(0).secret());
        env.put("PUBLISHED_DIR", published.toString());
        Process process = hook.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the hook ends");
        assertEquals(0, process.exitValue(), out);
        assertEquals("astronomy", catalog().find(recordId).orElseThrow().recording().meetingId());

        // a failed upload (a node Caravan does not know) is reported, and the hook fails as BBB expects
        env.put("NODE_NAME", "bbb9");
        Process refused = hook.start();
        String refusal = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, refused.exitValue(), refusal);
        assertTrue(refusal.contains("run " + env.get("CARAVAN_RECORDING_UPLOAD") + " " + recordId + " to retry"),
                refusal);
    }

    @Test
    void aNodeCanUploadOnlyAsItself() throws Exception {
        String recordId = "b1b2c3d4e5f60718293a4b5c6d7e8f9012345678-1715000000002";
        publish(recordId, "acme~chemistry", "presentation");

        PublishedRecordings.Run asAnother = upload(recordId, "bbb2", caravan.node(0).secret());
        assertNotEquals(0, asAnother.exitCode());
        assertTrue(asAnother.out().contains("credential"), asAnother.out());
        PublishedRecordings.Run unknown = upload(recordId, "bbb9", caravan.node(0).secret());
        assertNotEquals(0, unknown.exitCode());
        assertEquals(401, post(null, new byte[0]).statusCode());
        nothingKept(recordId);
    }

    @Test
    void aRefusedUploadIsAnsweredWithItsReasonAndLeavesNothing() throws Exception {
        String id = "c1b2c3d4e5f60718293a4b5c6d7e8f9012345678-1715000000003";
        String meta = "presentation/" + id + "/metadata.xml";
        // each refusal: the archive and the reason Caravan names
        assertRefused(400, "CORRUPT", text("this is not a tar archive, not even gzip. ".repeat(50)), id);
        // shorter than one tar block: an archive with nothing in it
        assertRefused(400, "NOT_A_RECORDING", text("not a tar"), id);

        Map<String, byte[]> escaping = new LinkedHashMap<>();
        escaping.put(meta, text(TestRecordings.metadataXml("presentation", id, "acme~x")));
        escaping.put("presentation/" + id + "/../../../escaped.txt", text("out"));
        assertRefused(400, "UNSAFE_PATH", tarGz(escaping), id);

        Map<String, byte[]> otherTenant = Map.of(meta, text(TestRecordings.metadataXml("presentation", id, "nobody~room")));
        assertRefused(400, "UNKNOWN_TENANT", tarGz(otherTenant), id);

        Map<String, byte[]> noTenant = Map.of(meta, text(TestRecordings.metadataXml("presentation", id, "room-without-tenant")));
        assertRefused(400, "UNKNOWN_TENANT", tarGz(noTenant), id);

        Map<String, byte[]> entities = Map.of(meta, text("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM"
                + " \"file:///etc/passwd\">]><recording><id>&x;</id></recording>"));
        assertRefused(400, "BAD_METADATA", tarGz(entities), id);

        Map<String, byte[]> large = new LinkedHashMap<>();
        large.put(meta, text(TestRecordings.metadataXml("presentation", id, "acme~big")));
        byte[] noise = new byte[(int) MAX_BYTES * 2];
        new java.util.Random(7).nextBytes(noise);
        large.put("presentation/" + id + "/video/webcams.webm", noise);
        assertRefused(413, "TOO_MANY_BYTES", tarGz(large), id);
    }

    private static void assertRefused(int status, String reason, byte[] archive, String recordId) throws Exception {
        HttpResponse<String> answer = post(credential(0), archive);
        assertEquals(status, answer.statusCode(), answer.body());
        assertEquals(reason, JSON.readTree(answer.body()).path("reason").asText(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        nothingKept(recordId);
        assertFalse(Files.exists(caravan.dataDir().resolve("escaped.txt")), "nothing written outside the store");
    }
}
