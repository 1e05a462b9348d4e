package io.caravan.emulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One emulated BigBlueButton node on 127.0.0.1: the BBB API under {@code /bigbluebutton/api} with real checksum
 * checking and meeting state, faults that can be switched on and off while it runs, a B3LB-style load figure, and a
 * record of every API call it received.
 *
 * <p>Faults apply to everything under {@code /bigbluebutton/api}, the version root included, since load balancers
 * probe that; {@code /emulator/*} always answers.
 *
 * <p>Each node has its own Vert.x instance, so a test can take one node down, or make it hang, without touching the
 * others or Caravan's own Vert.x. The blocking methods ({@link #start}, {@link #down}, {@link #close}) wait for
 * Vert.x and must not be called from a Vert.x event loop.
 */
public final class EmulatedNode implements AutoCloseable {

    /** The longest any lifecycle step may take before the test is told, instead of hanging the build. */
    private static final long LIFECYCLE_TIMEOUT_SECONDS = 10;
    /**
     * Calls kept for {@link #calls()}. Far above what a test sends, but a benchmark node runs for hours and must not
     * grow without limit; the oldest calls go first.
     */
    static final int MAX_RECORDED_CALLS = 100_000;

    private static final String API_PATH = "/bigbluebutton/api";
    private static final String LOAD_PATH = "/emulator/load";
    private static final String CONTROL_PATH = "/emulator/control";
    /** A meeting's chat log for tests in other processes: {@code /emulator/control/chat?meetingID=...}. */
    private static final String CHAT_PATH = CONTROL_PATH + "/chat";
    private static final String FAILING_BODY = "<html><head><title>500 Internal Server Error</title></head><body>"
            + "<h1>Internal Server Error</h1><p>bbb-web is not answering.</p></body></html>";
    private static final String GARBAGE_BODY = "<<<garbage";

    /** One API request as the node received it, before any decoding. */
    public record ReceivedCall(String call, String method, String rawQuery, String contentType, byte[] body) {

        public ReceivedCall {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(method, "method");
            body = body == null ? new byte[0] : body;
        }

        /** The body as UTF-8 text, for assertions on XML bodies. */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ReceivedCall that && call.equals(that.call) && method.equals(that.method)
                    && Objects.equals(rawQuery, that.rawQuery) && Objects.equals(contentType, that.contentType)
                    && Arrays.equals(body, that.body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(call, method, rawQuery, contentType, Arrays.hashCode(body));
        }

        @Override
        public String toString() {
            return method + " " + call + (rawQuery == null ? "" : "?" + rawQuery) + " (" + body.length + " bytes)";
        }
    }

    private final String name;
    private final String secret;
    private final Vertx vertx;
    private final EmulatedApi api;
    private final NodeWebhooks webhooks;
    private final Deque<ReceivedCall> calls = new ArrayDeque<>();

    private volatile int port;
    private volatile long latencyMillis;
    private volatile FaultMode mode = FaultMode.OK;
    private final Set<String> failingCalls = ConcurrentHashMap.newKeySet();
    private volatile int cpu;
    /** Null while the node is down or closed; guarded by {@code this}. */
    private HttpServer server;
    private boolean closed;

    private EmulatedNode(String name, String secret, Vertx vertx) {
        this.name = name;
        this.secret = secret;
        this.vertx = vertx;
        this.webhooks = new NodeWebhooks(secret, () -> "127.0.0.1", vertx);
        this.api = new EmulatedApi(secret, () -> "http://127.0.0.1:" + port, webhooks);
    }

    /**
     * Starts a node and returns once it accepts connections.
     *
     * @param port the port to listen on, 0 for any free one (then {@link #port()} tells which)
     */
    public static EmulatedNode start(String name, int port, String secret) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("node name must not be blank");
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("node secret must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        // one event loop is enough: the server runs on a single context anyway, and test suites start many nodes
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        EmulatedNode node = new EmulatedNode(name, secret, vertx);
        try {
            synchronized (node) {
                node.listen(port);
            }
        } catch (RuntimeException e) {
            await(vertx.close(), "closing Vert.x after a failed start");
            throw e;
        }
        return node;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String secret() {
        return secret;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + API_PATH;
    }

    public String loadUrl() {
        return "http://127.0.0.1:" + port + LOAD_PATH;
    }

    // ---- faults -------------------------------------------------------------------------------------------------

    /** Delays every API answer (Vert.x timer, nothing blocks); zero turns the delay off. */
    public void latency(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive, not " + delay);
        }
        latencyMillis = delay.toMillis();
    }

    /**
     * True stops listening, so new connections are refused and open ones are closed, like a node that crashed.
     * False listens again on the same port; meetings survive, as if only the network had gone away.
     */
    public synchronized void down(boolean down) {
        if (closed) {
            throw new IllegalStateException("node " + name + " is closed");
        }
        if (down && server != null) {
            HttpServer stopping = server;
            server = null;
            await(stopping.close(), "stopping node " + name);
        } else if (!down && server == null) {
            listen(port);
        }
    }

    /** API answers become HTTP 200 with a body that is not XML. False clears it if it is the current fault. */
    public void garbage(boolean on) {
        switchMode(FaultMode.GARBAGE, on);
    }

    /** API answers become HTTP 500 with an HTML body. False clears it if it is the current fault. */
    public void failing(boolean on) {
        switchMode(FaultMode.FAILING, on);
    }

    /** Only this API call answers HTTP 500 (e.g. getRecordings of a node whose recordings disk is broken). */
    public void failing(String call, boolean on) {
        if (on) {
            failingCalls.add(call);
        } else {
            failingCalls.remove(call);
        }
    }

    /**
     * False makes getRecordings ignore offset and limit and answer every recording without totalElements, as bbb-web
     * before 2.6 does. True (the default) pages as bbb-web 2.6+.
     */
    public void paging(boolean supported) {
        api.paging(supported);
    }

    /** API requests are accepted and never answered. False clears it if it is the current fault. */
    public void hang(boolean on) {
        switchMode(FaultMode.HANG, on);
    }

    /** The load figure served at {@link #loadUrl()}, 0..10000 as B3LB's load agents report it. */
    public void cpu(int load) {
        if (load < 0 || load > 10_000) {
            throw new IllegalArgumentException("cpu load must be 0..10000, not " + load);
        }
        cpu = load;
    }

    private synchronized void switchMode(FaultMode fault, boolean on) {
        if (on) {
            mode = fault;
        } else if (mode == fault) {
            mode = FaultMode.OK;
        }
    }

    // ---- inspection ---------------------------------------------------------------------------------------------

    /**
     * Every API call received, oldest first (only the newest {@value #MAX_RECORDED_CALLS} are kept). Requests for the
     * version root appear with the call name "".
     */
    public List<ReceivedCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<ReceivedCall> calls(String call) {
        return calls().stream().filter(c -> c.call().equals(call)).toList();
    }

    public void clearCalls() {
        synchronized (calls) {
            calls.clear();
        }
    }

    /** What meetingID's public chat received through sendChatMessage, oldest first (kept after the meeting ended). */
    public List<ChatMessage> chat(String meetingID) {
        return api.chat(meetingID);
    }

    public boolean hasMeeting(String meetingID) {
        return api.hasMeeting(meetingID);
    }

    public int meetingCount() {
        return api.meetingCount();
    }

    public int attendeeCount() {
        return api.attendeeCount();
    }

    /** Adds synthetic viewers, which makes the meeting running, without going through {@code join}. */
    public void addAttendees(String meetingID, int count) {
        api.addAttendees(meetingID, count);
    }

    /**
     * Adds a finished recording of meetingID and returns its recordID; a null recordID becomes
     * {@code sha1(meetingID)-createTime} as on bbb-web. Metadata keys are listed as given.
     */
    public String addRecording(String meetingID, String recordID, boolean published, Map<String, String> meta) {
        return api.addRecording(meetingID, recordID, published, meta, System.currentTimeMillis());
    }

    /** The same with the recording's startTime (epoch milliseconds) given, e.g. to test ordering. */
    public String addRecording(String meetingID, String recordID, boolean published, Map<String, String> meta,
            long startTime) {
        return api.addRecording(meetingID, recordID, published, meta, startTime);
    }

    /** The text tracks of a recording as getRecordingTextTracks lists them: "kind lang label", in upload order. */
    public List<String> textTracks(String recordID) {
        return api.textTracks(recordID);
    }

    public boolean hasRecording(String recordID) {
        return api.hasRecording(recordID);
    }

    /** "published" or "unpublished", null when the node does not have the recording. */
    public String recordingState(String recordID) {
        return api.recordingState(recordID);
    }

    public Map<String, String> recordingMetadata(String recordID) {
        return api.recordingMetadata(recordID);
    }

    /** The callback URLs of the hooks bbb-webhooks holds on this node, in hookID order. */
    public List<String> webhookUrls() {
        return webhooks.hooks().stream().map(NodeWebhooks.Hook::callbackURL).toList();
    }

    /** Forgets every hook, as a bbb-webhooks restarted with an empty Redis would. */
    public void dropWebhooks() {
        webhooks.clear();
    }

    /** bbb-webhooks' retryIntervals for failed deliveries (the emulator's default: 100, 500, 1000 ms). */
    public void webhookRetryIntervals(List<Long> intervals) {
        webhooks.retryIntervals(intervals);
    }

    public void endAllMeetings() {
        api.endAllMeetings();
    }

    @Override
    public void close() {
        HttpServer stopping;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = server;
            server = null;
        }
        if (stopping != null) {
            await(stopping.close(), "stopping node " + name);
        }
        await(vertx.close(), "closing Vert.x of node " + name);
    }

    @Override
    public String toString() {
        return name + " " + baseUrl();
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    /** Caller holds the lock. */
    private void listen(int wantedPort) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(wantedPort)
                // bbb-web sits behind nginx, which takes long create URLs with many meta_ parameters; Vert.x's 4 KiB
                // default would reject requests real nodes accept
                .setMaxInitialLineLength(64 * 1024)
                .setMaxHeaderSize(64 * 1024);
        HttpServer created = vertx.createHttpServer(options).requestHandler(this::route);
        server = await(created.listen(), "starting node " + name + " on port " + wantedPort);
        port = server.actualPort();
    }

    private void route(HttpServerRequest request) {
        String path = request.path();
        if (path.equals(API_PATH) || path.startsWith(API_PATH + "/")) {
            request.body().onSuccess(body -> apiCall(request, body));
        } else if (path.equals(LOAD_PATH)) {
            request.response().putHeader("Content-Type", "text/plain;charset=utf-8").end(String.valueOf(cpu));
        } else if (path.equals(CHAT_PATH)) {
            chatLog(request);
        } else if (path.equals(CONTROL_PATH)) {
            request.body().onSuccess(body -> control(request, body));
        } else {
            request.response().setStatusCode(404).putHeader("Content-Type", "text/plain;charset=utf-8")
                    .end("not found: " + path);
        }
    }

    private void apiCall(HttpServerRequest request, Buffer body) {
        String path = request.path();
        String call = path.length() > API_PATH.length() ? path.substring(API_PATH.length() + 1) : "";
        String contentType = request.getHeader("Content-Type");
        String rawQuery = request.query();
        record(new ReceivedCall(call, request.method().name(), rawQuery, contentType, body.getBytes()));

        FaultMode fault = mode;
        if (fault == FaultMode.HANG) {
            return;
        }
        Runnable answer = () -> answer(request, fault, call, rawQuery, contentType, body);
        long delay = latencyMillis;
        if (delay > 0) {
            vertx.setTimer(delay, timer -> answer.run());
        } else {
            answer.run();
        }
    }

    private void answer(HttpServerRequest request, FaultMode fault, String call, String rawQuery, String contentType,
            Buffer body) {
        HttpServerResponse response = request.response();
        if (response.closed()) {
            return;
        }
        if (failingCalls.contains(call)) {
            fault = FaultMode.FAILING;
        }
        switch (fault) {
            case FAILING -> response.setStatusCode(500).putHeader("Content-Type", "text/html;charset=utf-8")
                    .end(FAILING_BODY);
            case GARBAGE -> response.putHeader("Content-Type", ApiAnswer.XML_CONTENT_TYPE).end(GARBAGE_BODY);
            default -> write(response, bbbAnswer(request, call, rawQuery, contentType, body));
        }
    }

    private ApiAnswer bbbAnswer(HttpServerRequest request, String call, String rawQuery, String contentType,
            Buffer body) {
        if (call.isEmpty()) {
            return api.version("127.0.0.1:" + port, contentType);
        }
        if (call.startsWith("hooks/")) {
            // nginx on a node sends /bigbluebutton/api/hooks/ to bbb-webhooks, not to bbb-web
            return webhooks.answer(call, request.method().name(), rawQuery);
        }
        // the servlet container adds a form body's parameters to the query's for a POST of that type only
        String form = request.method() == HttpMethod.POST && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                ? body.toString(StandardCharsets.UTF_8) : null;
        String length = request.getHeader("Content-Length");
        boolean bodyPresent = request.getHeader("Transfer-Encoding") != null
                || (length != null && !length.trim().equals("0") && !length.isBlank());
        return api.answer(new ApiCall(call, request.method().name(), rawQuery, CallParameters.of(rawQuery, form),
                contentType, bodyPresent, body.getBytes()));
    }

    private static void write(HttpServerResponse response, ApiAnswer answer) {
        if (answer.noCache()) {
            response.putHeader("Cache-Control", "no-cache");
        }
        if (answer.isRedirect()) {
            response.setStatusCode(302).putHeader("Location", answer.location()).end();
        } else {
            response.setStatusCode(answer.status()).putHeader("Content-Type", answer.contentType())
                    .end(answer.body());
        }
    }

    private void record(ReceivedCall call) {
        synchronized (calls) {
            if (calls.size() == MAX_RECORDED_CALLS) {
                calls.removeFirst();
            }
            calls.addLast(call);
        }
    }

    /** The control endpoint lets benchmark scripts in other processes switch faults, which they cannot via Java. */
    private void control(HttpServerRequest request, Buffer body) {
        CallParameters params = CallParameters.of(request.query(),
                request.method() == HttpMethod.POST ? body.toString(StandardCharsets.UTF_8) : null);
        try {
            // everything is parsed before anything is applied, so a bad request changes nothing
            Long latency = params.get("latencyMs") == null ? null : parseRange(params, "latencyMs", 0, 3_600_000);
            FaultMode newMode = params.get("mode") == null ? null : FaultMode.ofControlName(params.get("mode"));
            Long load = params.get("cpu") == null ? null : parseRange(params, "cpu", 0, 10_000);
            if (latency != null) {
                latencyMillis = latency;
            }
            if (newMode != null) {
                mode = newMode;
            }
            if (load != null) {
                cpu = load.intValue();
            }
        } catch (IllegalArgumentException e) {
            request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end("{\"error\":" + jsonString(e.getMessage()) + "}");
            return;
        }
        request.response().putHeader("Content-Type", "application/json").end(
                "{\"name\":" + jsonString(name) + ",\"latencyMs\":" + latencyMillis + ",\"mode\":"
                        + jsonString(mode.controlName()) + ",\"cpu\":" + cpu + "}");
    }

    private void chatLog(HttpServerRequest request) {
        String meetingID = request.getParam("meetingID");
        if (meetingID == null) {
            request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"meetingID is required\"}");
            return;
        }
        StringBuilder json = new StringBuilder("{\"meetingID\":").append(jsonString(meetingID))
                .append(",\"messages\":[");
        List<ChatMessage> messages = api.chat(meetingID);
        for (int i = 0; i < messages.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"userName\":").append(jsonString(messages.get(i).userName()))
                    .append(",\"message\":").append(jsonString(messages.get(i).message())).append('}');
        }
        request.response().putHeader("Content-Type", "application/json").end(json.append("]}").toString());
    }

    private static long parseRange(CallParameters params, String key, long min, long max) {
        String text = params.get(key).trim();
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be " + min + ".." + max + ", not " + value);
        }
        return value;
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(LIFECYCLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("failed " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out " + what, e);
        }
    }
}
