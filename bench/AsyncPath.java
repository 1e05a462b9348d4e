import java.io.BufferedWriter;
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
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of {@code bench/async-path.sh} that are awkward in bash (wrk's Lua has no SHA-1 or SHA-256). JDK only.
 *
 * <ul>
 *   <li>{@code urls create SECRET ALGORITHM FILE COUNT PREFIX}: COUNT signed create paths, one a line, for meetings
 *       PREFIX-0 .. PREFIX-(COUNT-1), so every create of a wrk run places a new meeting.</li>
 *   <li>{@code urls join SECRET ALGORITHM FILE COUNT PREFIX MEETINGS}: COUNT signed join paths into the meetings
 *       PREFIX-0 .. PREFIX-(MEETINGS-1), each with its own fullName (so each has its own checksum).</li>
 *   <li>{@code end-all NODES_FILE [KEEP_PREFIX]}: ends every meeting of every node in NODES_FILE (the emulator's
 *       {@code name url secret} lines) but those whose meetingID starts with KEEP_PREFIX, directly on the nodes, so
 *       that the next run starts from empty nodes whatever the proxy in front of them remembers.</li>
 * </ul>
 */
public final class AsyncPath {

    private static final String SUCCESS = "<returncode>SUCCESS</returncode>";
    private static final Pattern MEETING_ID = Pattern.compile("<meetingID>([^<]*)</meetingID>");

    private AsyncPath() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 7 && args[0].equals("urls") && args[1].equals("create")) {
            createUrls(args[2], args[3], Path.of(args[4]), Integer.parseInt(args[5]), args[6]);
        } else if (args.length == 8 && args[0].equals("urls") && args[1].equals("join")) {
            joinUrls(args[2], args[3], Path.of(args[4]), Integer.parseInt(args[5]), args[6],
                    Integer.parseInt(args[7]));
        } else if ((args.length == 2 || args.length == 3) && args[0].equals("end-all")) {
            endAll(Path.of(args[1]), args.length == 3 ? args[2] : null);
        } else {
            System.err.println("""
                    usage: AsyncPath urls create SECRET sha1|sha256 FILE COUNT PREFIX
                           AsyncPath urls join SECRET sha1|sha256 FILE COUNT PREFIX MEETINGS
                           AsyncPath end-all NODES_FILE [KEEP_PREFIX]""");
            System.exit(2);
        }
    }

    // ---- signed paths for wrk -------------------------------------------------------------------------------------

    private static void createUrls(String secret, String algorithm, Path file, int count, String prefix)
            throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < count; i++) {
                String id = prefix + "-" + i;
                out.write(signedPath("create", "name=" + encode("Bench " + id) + "&meetingID=" + encode(id)
                        + "&attendeePW=ap&moderatorPW=mp", secret, algorithm));
                out.newLine();
            }
        }
    }

    private static void joinUrls(String secret, String algorithm, Path file, int count, String prefix, int meetings)
            throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < count; i++) {
                out.write(signedPath("join", "fullName=" + encode("User " + i) + "&meetingID="
                        + encode(prefix + "-" + (i % meetings)) + "&role=VIEWER", secret, algorithm));
                out.newLine();
            }
        }
    }

    private static String signedPath(String call, String query, String secret, String algorithm) {
        return "/bigbluebutton/api/" + call + "?" + query + "&checksum=" + checksum(algorithm, call + query + secret);
    }

    // ---- ending every meeting on the nodes ------------------------------------------------------------------------

    private record Node(String name, String apiUrl, String secret) {
    }

    private static void endAll(Path nodesFile, String keepPrefix) throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(nodesFile)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3) {
                nodes.add(new Node(fields[0], fields[1], fields[2]));
            }
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        // bounded, so a node that does not answer costs one timeout rather than the whole cleanup
        Semaphore inFlight = new Semaphore(32);
        AtomicInteger ended = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (Node node : nodes) {
            inFlight.acquire();
            String list;
            try {
                list = http.send(get(node, "getMeetings", ""), HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                failed.incrementAndGet();
                continue;
            } finally {
                inFlight.release();
            }
            Matcher ids = MEETING_ID.matcher(list);
            while (ids.find()) {
                String id = unescapeXml(ids.group(1));
                if (keepPrefix != null && id.startsWith(keepPrefix)) {
                    continue;
                }
                inFlight.acquire();
                pending.add(http.sendAsync(get(node, "end", "meetingID=" + encode(id)),
                                HttpResponse.BodyHandlers.ofString())
                        .handle((response, error) -> {
                            inFlight.release();
                            if (error == null && response.body().contains(SUCCESS)) {
                                ended.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                            return null;
                        }));
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        System.out.println("ended=" + ended.get() + " failed=" + failed.get() + " nodes=" + nodes.size());
        System.exit(0);
    }

    private static HttpRequest get(Node node, String call, String query) {
        String checksum = "checksum=" + checksum("sha256", call + query + node.secret());
        String signed = query.isEmpty() ? checksum : query + "&" + checksum;
        return HttpRequest.newBuilder(URI.create(node.apiUrl() + "/" + call + "?" + signed))
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    // ---- BBB checksums --------------------------------------------------------------------------------------------

    private static String checksum(String algorithm, String text) {
        String jca = switch (algorithm) {
            case "sha1" -> "SHA-1";
            case "sha256" -> "SHA-256";
            default -> throw new IllegalArgumentException("checksum algorithm must be sha1 or sha256, not " + algorithm);
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jca)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unescapeXml(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
