import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for Caravan's BigBlueButton API, driving it from outside over HTTP the way API consumers (Moodle,
 * Greenlight) do. JDK only, so it runs as {@code java bench/ApiBenchmark.java --url http://127.0.0.1:8090 --secret S}.
 *
 * <p>Scenarios:
 * <ul>
 *   <li>{@code create}: every request creates a meeting with a new meetingID, so each one goes through placement and
 *       is forwarded to a node.</li>
 *   <li>{@code join}: joins into a few meetings created beforehand. Caravan answers them with a 302 to the meeting's
 *       node from its meeting directory. Latencies are also broken down by the node the redirect points to.</li>
 * </ul>
 * With {@code --hold-node HOST:PORT --hold-calls N}, a join run also keeps N {@code isMeetingRunning} calls in flight
 * to a meeting on that node for the whole measurement: when that node is slow, each of them occupies Caravan for as
 * long as the node takes, which is what shows whether a slow node starves requests to the others.
 *
 * <p>The load is a closed loop: at most {@code --concurrency} requests are in flight and a new one starts when one
 * finishes. Throughput is therefore concurrency divided by latency (Little's law), and a slow answer costs throughput
 * rather than piling up unbounded work. Every phase stops issuing requests at {@code --max-seconds}, and a watchdog
 * ends the program if it overruns, so a hung Caravan cannot hang the benchmark.
 *
 * <p>Meetings the benchmark creates are ended afterwards (unmeasured), so that each run leaves the nodes as it found
 * them: nodes report every meeting in each poll, and thousands of leftover meetings would make later runs measure
 * poll parsing instead of the API.
 */
public final class ApiBenchmark {

    private ApiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ApiBenchmark: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        startWatchdog(options.watchdogLimit());
        BbbApi api = new BbbApi(options.url(), options.secret(), options.timeout());
        try {
            List<ReportRow> rows = switch (options.scenario()) {
                case "create" -> new CreateScenario(api, options).run();
                case "join" -> new JoinScenario(api, options).run();
                default -> throw new IllegalStateException("unknown scenario " + options.scenario());
            };
            if (options.summaryFile() != null) {
                appendRows(options.summaryFile(), rows);
            }
            // the load generator shares the machine with Caravan; what it used tells how much it took from it
            ProcessHandle.current().info().totalCpuDuration().ifPresent(cpu -> System.out.printf(Locale.ROOT,
                    "client CPU %.1f s for the whole run (warm-up and cleanup included)%n", cpu.toMillis() / 1000.0));
        } catch (SetupFailure e) {
            System.err.println("ApiBenchmark: setup failed, nothing measured: " + e.getMessage());
            System.exit(1);
        }
        // the HTTP client's threads would otherwise keep the JVM alive until its idle connections time out
        System.exit(0);
    }

    /** A program that measures something hung must still end, or the script running it never does. */
    private static void startWatchdog(Duration limit) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("ApiBenchmark: still running after " + limit.toSeconds() + " s, giving up");
            Runtime.getRuntime().halt(3);
        }, "benchmark-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Several runs append to one summary file; the first one gives it the table header. */
    private static void appendRows(Path file, List<ReportRow> rows) throws IOException {
        StringBuilder text = new StringBuilder();
        if (!Files.exists(file) || Files.size(file) == 0) {
            text.append(ReportRow.MARKDOWN_HEADER).append('\n');
        }
        for (ReportRow row : rows) {
            text.append(row.markdown()).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    // ---- options ------------------------------------------------------------------------------------------------

    record Options(URI url, String secret, String scenario, String label, int requests, int warmup, int concurrency,
            Duration maxPhase, Duration timeout, int meetings, String holdNode, int holdCalls, boolean cleanup,
            Path summaryFile) {

        static final String USAGE = """
                usage: java bench/ApiBenchmark.java --url http://127.0.0.1:8090 --secret S [options]
                  --scenario create|join   what to measure (create)
                  --requests N             measured requests (5000)
                  --warmup N               unmeasured requests first, to warm up JIT and connections (500)
                  --concurrency N          requests in flight at most (32)
                  --max-seconds N          each phase stops issuing requests after this long (60)
                  --timeout-seconds N      per-request timeout (15; above Caravan's caravan.node.timeout)
                  --meetings N             join: meetings to join into (6)
                  --hold-node HOST:PORT    join: node to keep isMeetingRunning calls in flight to
                  --hold-calls N           join: how many such calls (0)
                  --label TEXT             name of the run in reports (the scenario)
                  --summary-file PATH      append the results as markdown table rows
                  --no-cleanup             leave the created meetings running""";

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            boolean cleanup = true;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--no-cleanup")) {
                    cleanup = false;
                    continue;
                }
                if (!option.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value, got '" + option + "'");
                }
                values.put(option.substring(2), args[++i]);
            }
            Map<String, String> remaining = new LinkedHashMap<>(values);
            String url = remaining.remove("url");
            String secret = remaining.remove("secret");
            if (url == null || secret == null) {
                throw new IllegalArgumentException("--url and --secret are required");
            }
            String scenario = remaining.getOrDefault("scenario", "create");
            remaining.remove("scenario");
            if (!scenario.equals("create") && !scenario.equals("join")) {
                throw new IllegalArgumentException("--scenario must be create or join, not '" + scenario + "'");
            }
            String label = orDefault(remaining.remove("label"), scenario);
            int requests = number(remaining.remove("requests"), "requests", 5000, 1);
            int warmup = number(remaining.remove("warmup"), "warmup", 500, 0);
            int concurrency = number(remaining.remove("concurrency"), "concurrency", 32, 1);
            int maxSeconds = number(remaining.remove("max-seconds"), "max-seconds", 60, 1);
            int timeoutSeconds = number(remaining.remove("timeout-seconds"), "timeout-seconds", 15, 1);
            int meetings = number(remaining.remove("meetings"), "meetings", 6, 1);
            String holdNode = remaining.remove("hold-node");
            int holdCalls = number(remaining.remove("hold-calls"), "hold-calls", 0, 0);
            String summary = remaining.remove("summary-file");
            if (!remaining.isEmpty()) {
                throw new IllegalArgumentException("unknown option --" + remaining.keySet().iterator().next());
            }
            if (holdCalls > 0 && (holdNode == null || !scenario.equals("join"))) {
                throw new IllegalArgumentException("--hold-calls needs --hold-node and --scenario join");
            }
            return new Options(loopbackUrl(url), secret, scenario, label, requests, warmup, concurrency,
                    Duration.ofSeconds(maxSeconds), Duration.ofSeconds(timeoutSeconds), meetings, holdNode, holdCalls,
                    cleanup, summary == null ? null : Path.of(summary));
        }

        /**
         * Setup, warm-up, measurement and cleanup each stop at the phase limit; anything past all of them plus the
         * time in-flight requests may take to time out means the program is stuck.
         */
        Duration watchdogLimit() {
            return maxPhase.multipliedBy(4).plus(timeout.multipliedBy(4)).plusSeconds(30);
        }

        private static String orDefault(String value, String fallback) {
            return value == null ? fallback : value;
        }

        private static int number(String text, String name, int fallback, int min) {
            if (text == null) {
                return fallback;
            }
            int value;
            try {
                value = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " needs a whole number, not '" + text + "'");
            }
            if (value < min) {
                throw new IllegalArgumentException("--" + name + " must be at least " + min + ", not " + value);
            }
            return value;
        }

        /** A load generator pointed at someone else's server is an attack; this one only talks to this machine. */
        private static URI loopbackUrl(String text) {
            URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("--url must be http://HOST:PORT, not '" + text + "'");
            }
            try {
                if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                    throw new IllegalArgumentException("--url must be a loopback address, not " + uri.getHost());
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot resolve " + uri.getHost() + ": " + e.getMessage());
            }
            return uri;
        }
    }

    // ---- the BBB API as a client sees it --------------------------------------------------------------------------

    /**
     * One finished request. {@code error} is null when Caravan answered as it should; {@code node} is the
     * {@code host:port} a join redirected to.
     */
    record Outcome(long nanos, String error, String node) {

        boolean ok() {
            return error == null;
        }
    }

    /** Thrown when the benchmark cannot set up what it is about to measure. */
    static final class SetupFailure extends Exception {

        private static final long serialVersionUID = 1L;

        SetupFailure(String message) {
            super(message);
        }
    }

    /**
     * Signed calls to Caravan. Each call returns a future that always completes normally with an {@link Outcome}, so
     * that failures are measured and counted like answers instead of escaping the load loop.
     */
    static final class BbbApi {

        private static final Pattern MESSAGE_KEY = Pattern.compile("<messageKey>([^<]*)</messageKey>");
        private static final String SUCCESS = "<returncode>SUCCESS</returncode>";

        private final URI apiBase;
        private final String secret;
        private final Duration timeout;
        private final HttpClient http;

        BbbApi(URI url, String secret, Duration timeout) {
            this.apiBase = URI.create(url + "/bigbluebutton/api/");
            this.secret = secret;
            this.timeout = timeout;
            // HTTP/1.1 as BBB clients use it; redirects are the join answer itself and must not be followed. The
            // default executor hands every answer to a thread of an unbounded pool; on a small machine shared with
            // Caravan those context switches cost more CPU than the benchmark is allowed to take from it.
            this.http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5))
                    .executor(Executors.newFixedThreadPool(Math.min(4, Runtime.getRuntime().availableProcessors())))
                    .build();
        }

        CompletableFuture<Outcome> create(String meetingId) {
            return xmlCall("create", "name=" + encode("Benchmark " + meetingId) + "&meetingID=" + encode(meetingId));
        }

        CompletableFuture<Outcome> isMeetingRunning(String meetingId) {
            return xmlCall("isMeetingRunning", "meetingID=" + encode(meetingId));
        }

        CompletableFuture<Outcome> end(String meetingId) {
            return xmlCall("end", "meetingID=" + encode(meetingId));
        }

        /** A join must redirect (302), and to {@code expectedNode} when that is known. */
        CompletableFuture<Outcome> join(String meetingId, String fullName, String expectedNode) {
            String query = "meetingID=" + encode(meetingId) + "&fullName=" + encode(fullName) + "&role=VIEWER";
            return send("join", query, HttpResponse.BodyHandlers.discarding(), (response, nanos) -> {
                if (response.statusCode() != 302) {
                    return new Outcome(nanos, "join answered HTTP " + response.statusCode(), null);
                }
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null) {
                    return new Outcome(nanos, "302 without Location", null);
                }
                String node = authorityOf(location);
                if (expectedNode != null && !expectedNode.equals(node)) {
                    return new Outcome(nanos, "redirected to another node than the meeting's", node);
                }
                return new Outcome(nanos, null, node);
            });
        }

        private CompletableFuture<Outcome> xmlCall(String call, String query) {
            return send(call, query, HttpResponse.BodyHandlers.ofString(), (response, nanos) -> {
                if (response.statusCode() != 200) {
                    return new Outcome(nanos, call + " answered HTTP " + response.statusCode(), null);
                }
                String body = response.body();
                if (!body.contains(SUCCESS)) {
                    Matcher key = MESSAGE_KEY.matcher(body);
                    return new Outcome(nanos, call + " FAILED " + (key.find() ? key.group(1) : "(no messageKey)"),
                            null);
                }
                return new Outcome(nanos, null, null);
            });
        }

        private interface AnswerCheck<T> {
            Outcome check(HttpResponse<T> response, long nanos);
        }

        private <T> CompletableFuture<Outcome> send(String call, String query, HttpResponse.BodyHandler<T> body,
                AnswerCheck<T> check) {
            HttpRequest request = HttpRequest.newBuilder(apiBase.resolve(call + "?" + query + "&checksum="
                            + checksum(call, query)))
                    .timeout(timeout)
                    .GET()
                    .build();
            long started = System.nanoTime();
            return http.sendAsync(request, body).handle((response, failure) -> {
                long nanos = System.nanoTime() - started;
                return failure == null ? check.check(response, nanos) : new Outcome(nanos, describe(failure), null);
            });
        }

        private String checksum(String call, String query) {
            try {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                return HexFormat.of().formatHex(
                        sha256.digest((call + query + secret).getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        private static String describe(Throwable failure) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof HttpTimeoutException) {
                return "client timeout";
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }

        private static String authorityOf(String location) {
            try {
                return URI.create(location).getAuthority();
            } catch (IllegalArgumentException e) {
                return "unparsable Location";
            }
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    // ---- running load -------------------------------------------------------------------------------------------

    /** What one phase of closed-loop load produced. Outcomes are in issue order; null ones never finished. */
    record Phase(List<Outcome> outcomes, int unfinished, long elapsedNanos, boolean stoppedByTimeLimit) {

        List<Outcome> finished() {
            return outcomes.stream().filter(o -> o != null).toList();
        }
    }

    /**
     * Issues {@code count} operations with at most {@code concurrency} in flight, stopping early at {@code limit},
     * then waits for the ones in flight (at most the request timeout plus a margin, since each has its own timeout).
     */
    static Phase closedLoop(int count, int concurrency, Duration limit, Duration requestTimeout,
            IntFunction<CompletableFuture<Outcome>> operation) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        AtomicReferenceArray<Outcome> outcomes = new AtomicReferenceArray<>(count);
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        int issued = 0;
        boolean stoppedByTimeLimit = false;
        while (issued < count) {
            if (System.nanoTime() - deadline > 0) {
                stoppedByTimeLimit = true;
                break;
            }
            slots.acquire();
            int index = issued++;
            operation.apply(index).whenComplete((outcome, failure) -> {
                outcomes.set(index, outcome != null ? outcome : new Outcome(0, String.valueOf(failure), null));
                slots.release();
            });
        }
        slots.tryAcquire(concurrency, requestTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        long elapsed = System.nanoTime() - started;
        List<Outcome> list = new ArrayList<>(issued);
        int unfinished = 0;
        for (int i = 0; i < issued; i++) {
            Outcome outcome = outcomes.get(i);
            list.add(outcome);
            if (outcome == null) {
                unfinished++;
            }
        }
        return new Phase(list, unfinished, elapsed, stoppedByTimeLimit);
    }

    /**
     * Background calls kept in flight while another phase is measured: each loop sends its next call as soon as the
     * previous one finished. Only outcomes recorded while {@code measuring} is set count.
     */
    static final class HeldCalls {

        private final int loops;
        private final IntFunction<CompletableFuture<Outcome>> call;
        private final ConcurrentLinkedQueue<Outcome> measured = new ConcurrentLinkedQueue<>();
        private final CountDownLatch stopped;
        private volatile boolean running = true;
        private volatile boolean measuring;
        private volatile long measuringSince;
        private volatile long measuredNanos;

        HeldCalls(int loops, IntFunction<CompletableFuture<Outcome>> call) {
            this.loops = loops;
            this.call = call;
            this.stopped = new CountDownLatch(loops);
        }

        void start() {
            for (int i = 0; i < loops; i++) {
                next(i);
            }
        }

        private void next(int loop) {
            if (!running) {
                stopped.countDown();
                return;
            }
            // async: a call that fails at once must not recurse on this stack
            call.apply(loop).whenCompleteAsync((outcome, failure) -> {
                if (measuring && outcome != null) {
                    measured.add(outcome);
                }
                next(loop);
            });
        }

        void startMeasuring() {
            measuringSince = System.nanoTime();
            measuring = true;
        }

        void stopMeasuring() {
            measuring = false;
            measuredNanos = System.nanoTime() - measuringSince;
        }

        /** Stops the loops and waits for their last calls. */
        void stop(Duration wait) throws InterruptedException {
            running = false;
            stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        List<Outcome> outcomes() {
            return List.copyOf(measured);
        }

        long measuredNanos() {
            return measuredNanos;
        }
    }

    // ---- scenarios ----------------------------------------------------------------------------------------------

    /** Each scenario creates its meetings under a prefix of its own, so repeated runs never collide. */
    private static String runPrefix(String scenario) {
        return "bench-" + scenario + "-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    }

    static final class CreateScenario {

        private final BbbApi api;
        private final Options options;

        CreateScenario(BbbApi api, Options options) {
            this.api = api;
            this.options = options;
        }

        List<ReportRow> run() throws InterruptedException {
            String prefix = runPrefix("create");
            List<String> created = new ArrayList<>();
            printHeader(options, "");
            Phase warmup = closedLoop(options.warmup(), options.concurrency(), options.maxPhase(), options.timeout(),
                    i -> api.create(prefix + "w" + i));
            collectCreated(warmup, i -> prefix + "w" + i, created);
            Phase measured = closedLoop(options.requests(), options.concurrency(), options.maxPhase(),
                    options.timeout(), i -> api.create(prefix + i));
            collectCreated(measured, i -> prefix + i, created);

            ReportRow row = ReportRow.of(options.label(), measured.finished(), measured.unfinished(),
                    measured.elapsedNanos());
            printResult(options, measured, row);
            endMeetings(api, options, created);
            return List.of(row);
        }

        private static void collectCreated(Phase phase, IntFunction<String> meetingId, List<String> created) {
            for (int i = 0; i < phase.outcomes().size(); i++) {
                Outcome outcome = phase.outcomes().get(i);
                // an unanswered create may still have reached a node; ending a meeting that does not exist is harmless
                if (outcome == null || outcome.ok() || outcome.error().contains("timeout")) {
                    created.add(meetingId.apply(i));
                }
            }
        }
    }

    static final class JoinScenario {

        private final BbbApi api;
        private final Options options;

        JoinScenario(BbbApi api, Options options) {
            this.api = api;
            this.options = options;
        }

        List<ReportRow> run() throws InterruptedException, SetupFailure {
            String prefix = runPrefix("join");
            Map<String, String> nodeOfMeeting = new LinkedHashMap<>();
            try {
                for (int i = 0; i < options.meetings(); i++) {
                    nodeOfMeeting.put(prefix + i, null);
                }
                createAndLocate(nodeOfMeeting);
                String heldMeeting = options.holdCalls() > 0 ? meetingOnHoldNode(prefix, nodeOfMeeting) : null;
                List<String> meetingIds = List.copyOf(nodeOfMeeting.keySet());
                printHeader(options, "meetings per node " + countByNode(nodeOfMeeting) + "\n");

                HeldCalls held = heldMeeting == null ? null : new HeldCalls(options.holdCalls(),
                        loop -> api.isMeetingRunning(heldMeeting));
                if (held != null) {
                    held.start();
                }
                IntFunction<CompletableFuture<Outcome>> join = i -> {
                    String meetingId = meetingIds.get(i % meetingIds.size());
                    return api.join(meetingId, "Attendee " + i, nodeOfMeeting.get(meetingId));
                };
                closedLoop(options.warmup(), options.concurrency(), options.maxPhase(), options.timeout(), join);
                if (held != null) {
                    held.startMeasuring();
                }
                Phase measured = closedLoop(options.requests(), options.concurrency(), options.maxPhase(),
                        options.timeout(), join);
                if (held != null) {
                    held.stopMeasuring();
                    held.stop(options.timeout().plusSeconds(5));
                }

                List<ReportRow> rows = new ArrayList<>();
                ReportRow all = ReportRow.of(options.label(), measured.finished(), measured.unfinished(),
                        measured.elapsedNanos());
                rows.add(all);
                printResult(options, measured, all);
                Map<String, List<Outcome>> byNode = new TreeMap<>();
                for (Outcome outcome : measured.finished()) {
                    byNode.computeIfAbsent(String.valueOf(outcome.node()), k -> new ArrayList<>()).add(outcome);
                }
                byNode.forEach((node, outcomes) -> {
                    ReportRow row = ReportRow.of(options.label() + ": joins to " + node, outcomes, 0,
                            measured.elapsedNanos());
                    // the split by node is what a run with a held (slow) node is about; otherwise it only repeats
                    if (held != null) {
                        rows.add(row);
                    }
                    System.out.println("  joins to " + node + ": " + row.plainText());
                });
                if (held != null) {
                    ReportRow row = ReportRow.of(options.label() + ": isMeetingRunning on " + options.holdNode()
                            + ", " + options.holdCalls() + " in flight", held.outcomes(), 0, held.measuredNanos());
                    rows.add(row);
                    System.out.println("  background isMeetingRunning on " + options.holdNode() + ", "
                            + options.holdCalls() + " in flight: " + row.plainText());
                    printErrors(held.outcomes());
                }
                return rows;
            } finally {
                endMeetings(api, options, List.copyOf(nodeOfMeeting.keySet()));
            }
        }

        /** Creates the meetings and learns each one's node from where a first join redirects. */
        private void createAndLocate(Map<String, String> nodeOfMeeting) throws InterruptedException, SetupFailure {
            List<String> ids = nodeOfMeeting.keySet().stream().filter(id -> nodeOfMeeting.get(id) == null).toList();
            Phase created = closedLoop(ids.size(), options.concurrency(), options.maxPhase(), options.timeout(),
                    i -> api.create(ids.get(i)));
            requireAllOk(created, "creating the meetings to join");
            Phase probed = closedLoop(ids.size(), options.concurrency(), options.maxPhase(), options.timeout(),
                    i -> api.join(ids.get(i), "Probe", null));
            requireAllOk(probed, "locating the meetings to join");
            for (int i = 0; i < ids.size(); i++) {
                nodeOfMeeting.put(ids.get(i), probed.outcomes().get(i).node());
            }
        }

        /**
         * Placement decides where meetings go, so the benchmark creates meetings until one lands on the held node.
         * Placement weighs the meeting counts of the last poll, so a node that looked busy then gets nothing until
         * its next poll: attempts are spaced out to give the polls time.
         */
        private String meetingOnHoldNode(String prefix, Map<String, String> nodeOfMeeting)
                throws InterruptedException, SetupFailure {
            for (int attempt = 0; attempt < 15; attempt++) {
                for (Map.Entry<String, String> entry : nodeOfMeeting.entrySet()) {
                    if (options.holdNode().equals(entry.getValue())) {
                        return entry.getKey();
                    }
                }
                if (attempt > 0) {
                    Thread.sleep(1000);
                }
                for (int i = 0; i < 3; i++) {
                    nodeOfMeeting.put(prefix + "h" + attempt + "-" + i, null);
                }
                createAndLocate(nodeOfMeeting);
            }
            throw new SetupFailure("no meeting was placed on " + options.holdNode() + "; nodes used: "
                    + countByNode(nodeOfMeeting).keySet());
        }

        private static Map<String, Integer> countByNode(Map<String, String> nodeOfMeeting) {
            Map<String, Integer> counts = new TreeMap<>();
            nodeOfMeeting.values().forEach(node -> counts.merge(String.valueOf(node), 1, Integer::sum));
            return counts;
        }

        private static void requireAllOk(Phase phase, String what) throws SetupFailure {
            for (Outcome outcome : phase.outcomes()) {
                if (outcome == null || !outcome.ok()) {
                    throw new SetupFailure(what + ": " + (outcome == null ? "no answer" : outcome.error()));
                }
            }
        }
    }

    /** Cleanup, not measured: see the class comment for why meetings must not pile up. */
    private static void endMeetings(BbbApi api, Options options, List<String> meetingIds)
            throws InterruptedException {
        if (!options.cleanup() || meetingIds.isEmpty()) {
            return;
        }
        // no more ends in flight than the measured runs use: Caravan refuses calls beyond
        // caravan.node.max-in-flight (50) waiting on one slow node with serverBusy
        Phase ended = closedLoop(meetingIds.size(), options.concurrency(), options.maxPhase(),
                options.timeout(), i -> api.end(meetingIds.get(i)));
        long failed = ended.finished().stream().filter(o -> !o.ok()).count() + ended.unfinished();
        System.out.printf(Locale.ROOT, "cleanup    ended %d meetings in %.1f s%s%n", meetingIds.size() - failed,
                ended.elapsedNanos() / 1e9, failed == 0 ? "" : " (" + failed + " could not be ended)");
    }

    // ---- reporting ----------------------------------------------------------------------------------------------

    /** One line of results: counts, throughput and latency percentiles (nearest rank) in milliseconds. */
    record ReportRow(String label, int requests, long errors, double perSecond, double p50, double p90, double p99,
            double max) {

        static final String MARKDOWN_HEADER = "| run | requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|";

        /** Unfinished requests count as requests and as errors; latencies are those of the finished ones. */
        static ReportRow of(String label, List<Outcome> finished, int unfinished, long elapsedNanos) {
            long[] nanos = finished.stream().mapToLong(Outcome::nanos).sorted().toArray();
            long errors = finished.stream().filter(o -> !o.ok()).count() + unfinished;
            double seconds = elapsedNanos / 1e9;
            return new ReportRow(label, finished.size() + unfinished, errors,
                    seconds > 0 ? finished.size() / seconds : 0,
                    percentile(nanos, 0.50), percentile(nanos, 0.90), percentile(nanos, 0.99),
                    nanos.length == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6);
        }

        private static double percentile(long[] sortedNanos, double fraction) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(fraction * sortedNanos.length);
            return sortedNanos[Math.max(0, rank - 1)] / 1e6;
        }

        String markdown() {
            return String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f |", label, requests,
                    errors, perSecond, p50, p90, p99, max);
        }

        String plainText() {
            return String.format(Locale.ROOT, "%d requests, %d errors, %.0f req/s, p50 %.2f p90 %.2f p99 %.2f"
                    + " max %.2f ms", requests, errors, perSecond, p50, p90, p99, max);
        }
    }

    private static void printHeader(Options options, String extra) {
        System.out.printf(Locale.ROOT, "%n== %s ==%n", options.label());
        System.out.printf(Locale.ROOT, "scenario   %s against %s: %d requests after %d warm-up, concurrency %d%s%n",
                options.scenario(), options.url(), options.requests(), options.warmup(), options.concurrency(),
                options.holdCalls() > 0 ? ", " + options.holdCalls() + " isMeetingRunning held on "
                        + options.holdNode() : "");
        System.out.print(extra.isEmpty() ? "" : "setup      " + extra);
    }

    private static void printResult(Options options, Phase measured, ReportRow row) {
        System.out.printf(Locale.ROOT, "requests   %d%s%n", row.requests(),
                measured.stoppedByTimeLimit() ? " (stopped at the " + options.maxPhase().toSeconds()
                        + " s time limit)" : "");
        System.out.printf(Locale.ROOT, "errors     %d%n", row.errors());
        System.out.printf(Locale.ROOT, "req/s      %.0f%n", row.perSecond());
        System.out.printf(Locale.ROOT, "latency ms p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n", row.p50(), row.p90(),
                row.p99(), row.max());
        if (measured.unfinished() > 0) {
            System.out.printf(Locale.ROOT, "unfinished %d requests never got an answer%n", measured.unfinished());
        }
        printErrors(measured.finished());
    }

    private static void printErrors(List<Outcome> outcomes) {
        Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
        outcomes.stream().filter(o -> !o.ok())
                .forEach(o -> kinds.computeIfAbsent(o.error(), k -> new LongAdder()).increment());
        kinds.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                .forEach(e -> System.out.printf(Locale.ROOT, "  error %6d x %s%n", e.getValue().sum(), e.getKey()));
    }
}
