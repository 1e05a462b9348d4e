package io.caravan.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.caravan.storage.TestRecordings;

/**
 * A BBB node's /var/bigbluebutton/published in a directory of the test's, and deploy/bbb/caravan-recording-upload
 * run over it as BBB's post_publish hook runs it: the way a recording reaches Caravan in the end-to-end tests.
 */
public final class PublishedRecordings {

    private final Path dir;

    public PublishedRecordings(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The directory of one published format ({@code <format>/<recordID>/}) with its metadata.xml as BBB's publish
     * scripts write it; the test adds the format's files.
     */
    public Path format(String format, String recordId, String meetingId) throws IOException {
        Path formatDir = Files.createDirectories(dir.resolve(format).resolve(recordId));
        Files.writeString(formatDir.resolve("metadata.xml"), TestRecordings.metadataXml(format, recordId, meetingId));
        return formatDir;
    }

    /** What the upload script printed and how it ended. */
    public record Run(int exitCode, String out) {
    }

    /** Runs the upload script for the recording as the node with this name and secret. */
    public Run upload(CaravanUnderTest caravan, String recordId, String nodeName, String nodeSecret)
            throws IOException, InterruptedException {
        ProcessBuilder script = new ProcessBuilder("bash", "deploy/bbb/caravan-recording-upload", recordId)
                .redirectErrorStream(true);
        Map<String, String> env = script.environment();
        env.put("CARAVAN_UPLOAD_CONFIG", dir.resolve("no-such-config").toString());
        env.put("CARAVAN_URL", caravan.baseUrl());
        env.put("NODE_NAME", nodeName);
        env.put("NODE_SECRET", nodeSecret);
        env.put("PUBLISHED_DIR", dir.toString());
        Process process = script.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the upload script did not end: " + out);
        }
        return new Run(process.exitValue(), out);
    }
}
