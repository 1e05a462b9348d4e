import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of {@code bench/poll-scale.sh} that is awkward in bash. JDK only.
 *
 * <p>{@code populate NODES_FILE MEETINGS ATTENDEES} puts MEETINGS meetings with ATTENDEES attendees each (one
 * moderator, the rest viewers) on every node listed in NODES_FILE (the emulator's {@code name url secret} lines), with
 * the signed calls an integration makes ({@code create}, then one {@code join} per attendee), directly on the nodes.
 * Then it asks every node {@code getMeetings} once, as Caravan's poll does, and prints the answers' sizes: what one
 * poll cycle reads.
 */
public final class PollScale {

    private static final String SUCCESS = "<returncode>SUCCESS</returncode>";

    private PollScale() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("populate")) {
            populate(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else {
            System.err.println("usage: PollScale populate NODES_FILE MEETINGS ATTENDEES");
            System.exit(2);
        }
    }

    private record Node(String name, String apiUrl, String secret) {
    }

    // ---- populate -------------------------------------------------------------------------------------------------

    private static void populate(Path nodesFile, int meetingsPerNode, int attendeesPerMeeting) throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(nodesFile)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3) {
                nodes.add(new Node(fields[0], fields[1], fields[2]));
            }
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        long started = System.nanoTime();
        AtomicInteger calls = new AtomicInteger();
        // one task per node, its calls one after another on one kept-alive connection, 16 nodes at a time: enough to
        // keep the emulator busy without the client taking the machine's 2 cores from it
        ExecutorService workers = Executors.newFixedThreadPool(16);
        List<Future<?>> tasks = new ArrayList<>();
        for (Node node : nodes) {
            tasks.add(workers.submit(() -> {
                for (int m = 1; m <= meetingsPerNode; m++) {
                    String meetingId = node.name() + "-meeting-" + m;
                    // the metadata Moodle's BBB plugin sends, so answers are as long as in production
                    String create = "name=" + encode("Course " + m + " lecture on " + node.name())
                            + "&meetingID=" + encode(meetingId) + "&record=false"
                            + "&meta_bbb-origin=Moodle&meta_bbb-origin-version=4.3"
                            + "&meta_bbb-origin-server-name=moodle.example.org"
                            + "&meta_bbb-context-name=" + encode("Course " + m)
                            + "&meta_bbb-recording-name=" + encode("Lecture " + m);
                    expect(call(http, node, "create", create), 200, meetingId + ": create");
                    calls.incrementAndGet();
                    for (int a = 1; a <= attendeesPerMeeting; a++) {
                        String join = "meetingID=" + encode(meetingId) + "&fullName=" + encode("Student " + a)
                                + "&role=" + (a == 1 ? "MODERATOR" : "VIEWER");
                        expect(call(http, node, "join", join), 302, meetingId + ": join");
                        calls.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> task : tasks) {
            task.get();
        }
        double setupSeconds = (System.nanoTime() - started) / 1e9;

        // what one poll cycle reads: every node's getMeetings answer once
        long[] sizes = new long[nodes.size()];
        int[] meetings = new int[nodes.size()];
        int[] attendees = new int[nodes.size()];
        List<Future<?>> fetches = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            int index = i;
            fetches.add(workers.submit(() -> {
                HttpResponse<String> answer = call(http, nodes.get(index), "getMeetings", "");
                expect(answer, 200, nodes.get(index).name() + ": getMeetings");
                sizes[index] = answer.body().getBytes(StandardCharsets.UTF_8).length;
                meetings[index] = count(answer.body(), "<meeting>");
                attendees[index] = count(answer.body(), "<attendee>");
                return null;
            }));
        }
        for (Future<?> fetch : fetches) {
            fetch.get();
        }
        workers.shutdown();
        long total = Arrays.stream(sizes).sum();
        System.out.printf("populated  %d nodes with %d meetings and %d attendees (%d calls in %.1f s)%n", nodes.size(),
                Arrays.stream(meetings).sum(), Arrays.stream(attendees).sum(), calls.get(), setupSeconds);
        System.out.printf(
                "getMeetings answer bytes per node: min %d, mean %d, max %d; all %d nodes: %d bytes (%.1f MB)%n",
                Arrays.stream(sizes).min().orElse(0), total / Math.max(1, nodes.size()),
                Arrays.stream(sizes).max().orElse(0), nodes.size(), total, total / 1e6);
        System.out.printf("answer_bytes_total=%d%n", total);
    }

    private static HttpResponse<String> call(HttpClient http, Node node, String call, String query) throws Exception {
        String checksum = sha256(call + query + node.secret());
        URI uri = URI.create(node.apiUrl() + "/" + call + "?" + (query.isEmpty() ? "" : query + "&")
                + "checksum=" + checksum);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> answer, int status, String what) {
        boolean ok = answer.statusCode() == status && (status != 200 || answer.body().contains(SUCCESS));
        if (!ok) {
            throw new IllegalStateException(what + " answered HTTP " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static int count(String text, String needle) {
        int found = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            found++;
        }
        return found;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
