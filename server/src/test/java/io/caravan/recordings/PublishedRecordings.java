package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.caravan.emulator.EmulatedNode;
import io.caravan.storage.TestRecordings;
import io.caravan.support.CaravanUnderTest;

/**
 * Recordings as BBB's publish scripts leave them on a node (a presentation under {@code <dir>/presentation/<recordID>}),
 * uploaded to Caravan by deploy/bbb/caravan-recording-upload as the node's post_publish hook runs it.
 */
final class PublishedRecordings {

    private final Path published;

    PublishedRecordings(Path published) {
        this.published = published;
    }

    /** A published presentation of the meeting (its meetingID as on the node) that ran between these times. */
    void publish(String recordId, String meetingId, Instant start, Instant end) throws IOException {
        Path dir = Files.createDirectories(published.resolve("presentation").resolve(recordId));
        String metadata = TestRecordings.metadataXml("presentation", recordId, meetingId)
                .replaceFirst("<start_time>\\d+</start_time>", "<start_time>" + start.toEpochMilli() + "</start_time>")
                .replaceFirst("<end_time>\\d+</end_time>", "<end_time>" + end.toEpochMilli() + "</end_time>");
        Files.writeString(dir.resolve("metadata.xml"), metadata);
        Files.writeString(dir.resolve("shapes.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    }

    /** Uploads the recording as the node does; fails the test unless Caravan stored it. */
    void upload(CaravanUnderTest caravan, EmulatedNode node, String recordId) throws Exception {
        ProcessBuilder script = new ProcessBuilder("bash", "deploy/bbb/caravan-recording-upload", recordId)
                .redirectErrorStream(true);
        Map<String, String> env = script.environment();
        env.put("CARAVAN_UPLOAD_CONFIG", published.resolve("no-such-config").toString());
        env.put("CARAVAN_URL", caravan.baseUrl());
        env.put("NODE_NAME", node.name());
        env.put("NODE_SECRET", node.secret());
        env.put("PUBLISHED_DIR", published.toString());
        Process process = script.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the upload script ends");
        assertEquals(0, process.exitValue(), out);
    }
}
