package io.caravan.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.caravan.recordings.RecordingUploads;
import io.caravan.storage.TestRecordings;

/**
 * A node's /var/bigbluebutton/published, built by a test, and the node's upload script run over it:
 * deploy/bbb/caravan-recording-upload as BBB's post_publish hook runs it.
 */
public final class PublishedRecordings {

    /** The bytes of the presentation's webcams.webm: enough for range requests to mean something. */
    public static final int WEBCAMS_BYTES = 64 * 1024;

    private final Path published;

    public PublishedRecordings(Path published) {
        this.published = published;
    }

    public Path dir() {
        return published;
    }

    /**
     * The directory of one published format ({@code <format>/<recordID>/}) with its metadata.xml as BBB's publish
     * scripts write it; the test adds the format's files.
     */
    public Path format(String format, String recordId, String meetingId) throws IOException {
        Path formatDir = Files.createDirectories(published.resolve(format).resolve(recordId));
        Files.writeString(formatDir.resolve("metadata.xml"), TestRecordings.metadataXml(format, recordId, meetingId));
        return formatDir;
    }

    /** What the script printed, and how it ended. */
    public record Run(int exitCode, String out) {
    }

    /** A recording as BBB's publish scripts leave it, started at this time (epoch milliseconds). */
    public void publish(String recordId, String meetingId, long startTime, String... formats) throws IOException {
        for (String format : formats) {
            Path dir = Files.createDirectories(published.resolve(format).resolve(recordId));
            Files.writeString(dir.resolve("metadata.xml"),
                    TestRecordings.metadataXml(format, recordId, meetingId, startTime));
            if (format.equals("presentation")) {
                Files.writeString(dir.resolve("shapes.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
                Files.createDirectories(dir.resolve("video"));
                Files.write(dir.resolve("video/webcams.webm"), webcams());
            } else {
                Files.write(dir.resolve("video-0.m4v"), new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p'});
            }
        }
    }

    /** The webcams.webm every published presentation has: a webm header, then bytes that tell their offset. */
    public static byte[] webcams() {
        byte[] bytes = new byte[WEBCAMS_BYTES];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        System.arraycopy(new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3}, 0, bytes, 0, 4);
        return bytes;
    }

    /** Runs the upload script as this node of the Caravan under test. */
    public Run upload(CaravanUnderTest caravan, String recordId, int node) throws Exception {
        return upload(caravan.baseUrl(), recordId, caravan.node(node).name(), caravan.node(node).secret());
    }

    /** Runs the upload script as the node with this name and secret. */
    public Run upload(CaravanUnderTest caravan, String recordId, String nodeName, String nodeSecret) throws Exception {
        return upload(caravan.baseUrl(), recordId, nodeName, nodeSecret);
    }

    /** Runs the upload script as the node with this name and secret, against the Caravan at this URL. */
    public Run upload(String caravanUrl, String recordId, String nodeName, String nodeSecret) throws Exception {
        ProcessBuilder script = new ProcessBuilder("bash", "deploy/bbb/caravan-recording-upload", recordId)
                .redirectErrorStream(true);
        Map<String, String> env = script.environment();
        env.put("CARAVAN_UPLOAD_CONFIG", published.resolve("no-such-config").toString());
        env.put("CARAVAN_URL", caravanUrl);
        env.put("NODE_NAME", nodeName);
        env.put("NODE_SECRET", nodeSecret);
        env.put("PUBLISHED_DIR", published.toString());
        Process process = script.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script ends");
        return new Run(process.exitValue(), out);
    }

    /** The credential header value of a node (what the script sends). */
    public static String credential(String nodeName, String nodeSecret) {
        return nodeName + ":" + RecordingUploads.credential(nodeName, nodeSecret);
    }
}
