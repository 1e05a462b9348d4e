import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

import io.caravan.Application;
import io.caravan.catalog.CatalogDatabase;
import io.caravan.catalog.Recording;
import io.caravan.catalog.RecordingCatalog;
import io.caravan.catalog.RecordingFormat;
import io.caravan.emulator.EmulatedNode;
import org.apache.camel.main.Main;

/**
 * getRecordings over recordings Caravan keeps (its database, embedded H2) against the same number of recordings only
 * on a node (the in-memory index), in one run on this machine: the index is the baseline, the ratio tells what
 * reading the database costs. Both Caravans and the emulated node run in this JVM (so the absolute figures include the
 * load generator); the ratio is what the benchmark is for. Run by bench/recordings.sh.
 *
 * <p>Scenarios, each for --seconds with --concurrency clients in a closed loop: (1) one meeting's recordings
 * (meetingID=m-17, recordings/100 of them), (2) a page of 50 over all recordings (limit=50&offset=100), (3) one
 * recording by its recordID.
 */
public final class RecordingsBenchmark {

    private static final String SECRET = "bench-api-secret";
    private static final String NODE_SECRET = "bench-node-secret";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>(Map.of("--recordings", "2000", "--seconds", "10",
                "--concurrency", "16"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int recordings = Integer.parseInt(options.get("--recordings"));
        int seconds = Integer.parseInt(options.get("--seconds"));
        int concurrency = Integer.parseInt(options.get("--concurrency"));
        System.out.printf(Locale.ROOT, "getRecordings, %d recordings, %d clients, %d s a scenario, %d cores%n",
                recordings, concurrency, seconds, Runtime.getRuntime().availableProcessors());

        List<String> scenarios = List.of("meetingID=m-17", "limit=50&offset=100", "recordID=" + recordId(1234));
        double[][] results = new double[2][];
        // the index first (the baseline), then the database
        for (int kept = 0; kept < 2; kept++) {
            EmulatedNode node = EmulatedNode.start("bbb1", 0, NODE_SECRET);
            Path dataDir = Files.createTempDirectory("caravan-bench-recordings");
            if (kept == 0) {
                for (int i = 0; i < recordings; i++) {
                    node.addRecording("m-" + (i % 100), recordId(i), true, Map.of("course", "c-" + (i % 7)),
                            1_760_000_000_000L + i);
                }
            } else {
                seedCatalog(dataDir, recordings);
            }
            int port = freePort();
            Main caravan = startCaravan(node, dataDir, port);
            try {
                String api = "http://127.0.0.1:" + port + "/bigbluebutton/api/";
                awaitListed(api, recordings);
                results[kept] = new double[scenarios.size() * 2];
                for (int s = 0; s < scenarios.size(); s++) {
                    // warm up, then measure
                    measure(api, scenarios.get(s), 2, concurrency);
                    double[] figures = measure(api, scenarios.get(s), seconds, concurrency);
                    results[kept][2 * s] = figures[0];
                    results[kept][2 * s + 1] = figures[1];
                    System.out.printf(Locale.ROOT, "%-6s %-24s %8.0f req/s  p99 %6.1f ms%n",
                            kept == 0 ? "index" : "kept", scenarios.get(s), figures[0], figures[1]);
                }
            } finally {
                caravan.stop();
                node.close();
            }
        }
        System.out.println();
        System.out.println("ratio kept / index (throughput; above 1 is faster), p99 kept / index (below 1 is faster):");
        for (int s = 0; s < scenarios.size(); s++) {
            System.out.printf(Locale.ROOT, "  %-24s throughput %.2f   p99 %.2f%n", scenarios.get(s),
                    results[1][2 * s] / results[0][2 * s], results[1][2 * s + 1] / results[0][2 * s + 1]);
        }
        System.exit(0);
    }

    private static String recordId(int i) {
        return String.format(Locale.ROOT, "%040x-%d", i, 1_760_000_000_000L + i);
    }

    /** The recordings as an upload would catalogue them: one presentation each, three metadata entries. */
    private static void seedCatalog(Path dataDir, int recordings) throws Exception {
        try (CatalogDatabase database = CatalogDatabase.embedded(dataDir.resolve("catalog"))) {
            RecordingCatalog catalog = new RecordingCatalog(database, Clock.systemUTC());
            for (int i = 0; i < recordings; i++) {
                String id = recordId(i);
                catalog.upsert(new Recording(id, "m-" + (i % 100), id, null, "Meeting " + (i % 100), "published",
                        false, 1_760_000_000_000L + i, 1_760_000_600_000L + i, 3, 123_456, "bbb1",
                        List.of(new RecordingFormat("presentation", "_/" + id + "/presentation/", 10, 40_960, 5_400,
                                "[{\"url\":\"https://bbb1/presentation/" + id + "/thumb-1.png\",\"width\":176,"
                                        + "\"height\":136,\"alt\":\"slide\"}]")),
                        Map.of("course", "c-" + (i % 7), "meetingname", "Meeting " + (i % 100),
                                "bbb-origin", "Greenlight")));
                catalog.importSucceeded(id);
            }
        }
    }

    private static Main startCaravan(EmulatedNode node, Path dataDir, int port) throws Exception {
        Path inventory = dataDir.resolve("inventory.yaml");
        Files.writeString(inventory, "nodes:\n  - name: bbb1\n    url: " + node.baseUrl() + "\n    secret: "
                + NODE_SECRET + "\n");
        Properties props = new Properties();
        props.setProperty("camel.server.port", String.valueOf(port));
        props.setProperty("camel.server.host", "127.0.0.1");
        props.setProperty("caravan.secret", SECRET);
        props.setProperty("caravan.inventory", inventory.toString());
        props.setProperty("caravan.data-dir", dataDir.toString());
        props.setProperty("caravan.recordings.poll-interval", "1h");
        Main main = Application.create(props);
        main.start();
        return main;
    }

    /** Until getRecordings lists them all (the index needs the first poll, the database nothing). */
    private static void awaitListed(String api, int recordings) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String expected = "<totalElements>" + recordings + "</totalElements>";
        while (System.nanoTime() < deadline) {
            String body = http.send(HttpRequest.newBuilder(URI.create(signed(api, "limit=1"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the recordings were not listed within 120 s");
    }

    /** Closed loop: each client sends its next request when the last one answered. [throughput/s, p99 ms]. */
    private static double[] measure(String api, String query, int seconds, int concurrency) throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(4))
                .build();
        URI uri = URI.create(signed(api, query));
        LongAdder done = new LongAdder();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch finished = new CountDownLatch(concurrency);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            Thread client = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (!answer.body().contains("SUCCESS")) {
                            throw new IllegalStateException("not SUCCESS: " + answer.body());
                        }
                        latencies.add(System.nanoTime() - start);
                        done.increment();
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    finished.countDown();
                }
            });
            clients.add(client);
            client.start();
        }
        finished.await();
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        double p99 = sorted.isEmpty() ? 0 : sorted.get((int) (sorted.size() * 0.99)) / 1e6;
        return new double[] {done.sum() / (double) seconds, p99};
    }

    private static String signed(String api, String query) throws Exception {
        String checksum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("getRecordings" + query + SECRET).getBytes(StandardCharsets.UTF_8)));
        return api + "getRecordings?" + query + "&checksum=" + checksum;
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
