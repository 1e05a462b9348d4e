package io.caravan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.api.MalformedRequests.Area;
import io.caravan.api.MalformedRequests.Expect;
import io.caravan.api.MalformedRequests.Request;
import io.caravan.bbb.Checksum;
import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.RawHttp;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A bounded, deterministic fuzz of Caravan's HTTP front: a few thousand odd and broken requests (see
 * {@link MalformedRequests}) over raw sockets, against a real Caravan with tenants, the admin API and two emulated
 * nodes. Every request gets a well-formed HTTP answer without a 5xx (or, where its framing cannot be trusted, a
 * close); API answers are BBB XML, admin answers JSON; meetings created before are still there after, no node is
 * made suspect; and the log gets neither stack traces nor a line per bad request. A failure names the request's
 * index: {@code -Dfuzz.only=12,345} replays those requests alone, {@code -Dfuzz.debug=true} prints every answer.
 */
@Tag("end-to-end")
class MalformedRequestsTest {

    private static final long SEED = 20240611L;
    private static final int REQUESTS = 4000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SECRETS = Map.of("acme", "acme-secret", "beta", "beta-secret");
    private static final Map<String, String> HOSTS = Map.of("acme", "acme.example.org", "beta", "beta.example.org");

    private static CaravanUnderTest caravan;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(2).adminApi()
                .clustersYaml("""
                        tenants:
                          - name: acme
                            secrets: [acme-secret]
                            hostnames: [acme.example.org]
                          - name: beta
                            secrets: [beta-secret]
                            hostnames: [beta.example.org]
                        """)
                .start();
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static BbbClient tenant(String name) {
        return new BbbClient(caravan.baseUrl() + "/t/" + name + "/bigbluebutton/api", SECRETS.get(name));
    }

    /** A call of acme's through /bigbluebutton/api, its tenant named by the host the client called. */
    private static HttpResponse<String> byHost(String call, String query) {
        BbbClient acme = new BbbClient(caravan.apiUrl(), SECRETS.get("acme"));
        return acme.send(HttpRequest.newBuilder(URI.create(acme.url(call, query)))
                .header("X-Forwarded-Host", HOSTS.get("acme")).GET());
    }

    @Test
    void everyMalformedRequestGetsAWellFormedAnswerAndNothingIsLost() throws Exception {
        assertEquals("SUCCESS", Xml.parse(tenant("acme").get("create", "name=Keep&meetingID=keep-1").body())
                .returncode());
        assertEquals("SUCCESS", Xml.parse(tenant("beta").get("create", "name=Keep&meetingID=keep-2").body())
                .returncode());
        assertEquals("SUCCESS", Xml.parse(byHost("create", "name=Keep&meetingID=keep-3").body()).returncode());

        List<Request> requests = new MalformedRequests(SEED, caravan.port(), SECRETS, HOSTS,
                CaravanUnderTest.ADMIN_TOKEN).generate(REQUESTS);
        String only = System.getProperty("fuzz.only", "");
        if (!only.isBlank()) {
            // -Dfuzz.only=12,345 replays these requests alone (generated as in the full run)
            Set<Integer> chosen = Arrays.stream(only.split(",")).map(String::trim)
                    .map(Integer::valueOf).collect(Collectors.toSet());
            requests = requests.stream().filter(r -> chosen.contains(r.index())).toList();
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        Map<String, List<String>> failures = new TreeMap<>();
        long started = System.nanoTime();
        try {
            RawHttp http = new RawHttp("127.0.0.1", caravan.port(), 10_000);
            ExecutorService clients = Executors.newFixedThreadPool(12);
            try {
                List<Future<RawHttp.Outcome>> outcomes = new ArrayList<>();
                for (Request request : requests) {
                    outcomes.add(clients.submit(() -> http.exchange(request.bytes(), request.head(),
                            request.halfClose())));
                }
                for (int i = 0; i < outcomes.size(); i++) {
                    RawHttp.Outcome outcome = outcomes.get(i).get();
                    if (Boolean.getBoolean("fuzz.debug")) {
                        System.out.println(abbreviate(requests.get(i).toString(), 300) + "\n  => "
                                + abbreviate(outcome.toString(), 300));
                    }
                    for (String failure : judge(requests.get(i), outcome)) {
                        failures.computeIfAbsent(failure, k -> new ArrayList<>())
                                .add(abbreviate(requests.get(i).toString(), 400) + "\n      => "
                                        + abbreviate(outcome.toString(), 300));
                    }
                }
            } finally {
                clients.shutdownNow();
            }
        } finally {
            root.detachAppender(log);
        }
        long tenSecondWindows = (System.nanoTime() - started) / 10_000_000_000L + 1;
        String summary = failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().size()
                + e.getValue().stream().limit(3).map(r -> "\n    " + r).collect(Collectors.joining()))
                .collect(Collectors.joining("\n"));
        List<ILoggingEvent> events = List.copyOf(log.list);
        long stackTraces = events.stream().filter(e -> e.getThrowableProxy() != null).count();
        String logSample = events.stream().collect(Collectors.groupingBy(e -> e.getLevel() + " " + e.getLoggerName()
                + " - " + abbreviate(e.getFormattedMessage(), 160) + (e.getThrowableProxy() == null ? ""
                : " [" + e.getThrowableProxy().getClassName() + ": "
                + abbreviate(String.valueOf(e.getThrowableProxy().getMessage()), 160) + "]"),
                TreeMap::new, Collectors.counting())).entrySet().stream().limit(40)
                .map(e -> e.getValue() + "x " + e.getKey()).collect(Collectors.joining("\n  "));
        System.out.println("fuzz: " + REQUESTS + " requests, failures by kind:\n" + summary + "\nlog: " + events.size()
                + " lines, " + stackTraces + " with stack traces\n  " + logSample);

        assertTrue(failures.isEmpty(), "failures by kind:\n" + summary);
        assertEquals(0, stackTraces, "no stack trace in the log for a bad request:\n  " + logSample);
        assertTrue(events.stream().noneMatch(e -> e.getFormattedMessage().contains("is suspect")),
                "no request of a client makes a node suspect:\n  " + logSample);
        Map<String, Long> perKind = events.stream().collect(Collectors.groupingBy(
                e -> e.getLoggerName() + " " + e.getFormattedMessage().split(":", 2)[0], TreeMap::new,
                Collectors.counting()));
        assertTrue(perKind.values().stream().allMatch(n -> n <= tenSecondWindows + 1),
                "each kind of bad request is logged at most once every 10 s (" + tenSecondWindows + " windows): "
                        + perKind);
        assertTrue(events.size() <= requests.size(), "at most one line per bad request");

        caravan.awaitPolls(1);
        for (String meeting : List.of("keep-1", "keep-2")) {
            Xml info = Xml.parse(tenant(meeting.equals("keep-1") ? "acme" : "beta")
                    .get("getMeetingInfo", "meetingID=" + meeting).body());
            assertEquals("SUCCESS", info.returncode(), meeting + " survived the fuzz");
        }
        assertEquals("SUCCESS", Xml.parse(byHost("getMeetingInfo", "meetingID=keep-3").body()).returncode());
    }

    /** A signed getMeetings of acme's whose request line is exactly {@code length} bytes (CRLF not counted). */
    private static byte[] getMeetingsWithRequestLineOf(int length) {
        String prefix = "GET /t/acme/bigbluebutton/api/getMeetings?";
        String suffix = " HTTP/1.1";
        int padding = 0;
        String line = "";
        for (int i = 0; i < 2; i++) {
            String query = Checksum.sign(ChecksumAlgorithm.SHA256, "getMeetings", "pad=" + "p".repeat(padding),
                    SECRETS.get("acme"));
            line = prefix + query + suffix;
            padding += length - line.length();
        }
        assertEquals(length, line.length());
        return (line + "\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aRequestLineOfSixtyFourKibibytesIsAnsweredAndOneByteMoreIsRequestTooLarge() {
        RawHttp http = new RawHttp("127.0.0.1", caravan.port(), 10_000);
        RawHttp.Outcome within = http.exchange(getMeetingsWithRequestLineOf(65536), false, false);
        assertTrue(within.answered(), within.toString());
        assertEquals(200, within.response().status());
        assertEquals("SUCCESS", Xml.parse(within.response().bodyText()).returncode());

        RawHttp.Outcome beyond = http.exchange(getMeetingsWithRequestLineOf(65537), false, false);
        assertTrue(beyond.answered(), beyond.toString());
        assertEquals("HTTP/1.1", beyond.response().version());
        assertEquals(414, beyond.response().status());
        assertTrue(beyond.response().header("Content-Type").startsWith("text/xml"));
        Xml xml = Xml.parse(beyond.response().bodyText());
        assertEquals("FAILED", xml.returncode());
        assertEquals("requestTooLarge", xml.messageKey());
    }

    @Test
    void headersBeyondTheLimitAreRequestTooLargeInTheAnswerOfTheirPath() {
        RawHttp http = new RawHttp("127.0.0.1", caravan.port(), 10_000);
        String huge = "X-Huge: " + "h".repeat(70_000) + "\r\n";
        RawHttp.Outcome api = http.exchange(("GET /bigbluebutton/api/getMeetings HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + huge + "\r\n").getBytes(StandardCharsets.US_ASCII), false, false);
        assertTrue(api.answered(), api.toString());
        assertEquals(431, api.response().status());
        assertEquals("requestTooLarge", Xml.parse(api.response().bodyText()).messageKey());

        RawHttp.Outcome admin = http.exchange(("GET /admin/api/nodes HTTP/1.1\r\nHost: 127.0.0.1\r\n" + huge
                + "\r\n").getBytes(StandardCharsets.US_ASCII), false, false);
        assertTrue(admin.answered(), admin.toString());
        assertEquals(431, admin.response().status());
        assertTrue(admin.response().header("Content-Type").startsWith("application/json"));
        assertTrue(isJson(admin.response().body()), admin.response().bodyText());
    }

    @Test
    void invalidHttpIsAnsweredThenTheServerClosesTheConnection() throws Exception {
        // no Host, then the start of another request the server must not wait for
        byte[] request = "GET /bigbluebutton/api/getMeetings HTTP/1.1\r\n\r\nGET /bigbluebutton/api HTTP/1.1\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", caravan.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertEquals("invalidRequest", Xml.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4)).messageKey());
        }
    }

    @Test
    void headOfACallIsAnsweredLikeItsGetWithoutBodyAndTheNodeStaysHealthy() {
        assertEquals("SUCCESS", Xml.parse(tenant("acme").get("create", "name=Head&meetingID=head-1").body())
                .returncode());
        BbbClient acme = tenant("acme");
        HttpResponse<String> head = acme.send(HttpRequest.newBuilder(URI.create(acme.url("getMeetingInfo",
                "meetingID=head-1"))).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertTrue(caravan.nodes().stream().flatMap(node -> node.calls("getMeetingInfo").stream())
                .noneMatch(call -> call.method().equals("HEAD")), "the node is asked the GET");
        caravan.nodes().forEach(node -> assertTrue(!caravan.registry().suspect(node.name()),
                node.name() + " is not suspect after a HEAD"));
        assertEquals("SUCCESS", Xml.parse(acme.get("getMeetingInfo", "meetingID=head-1").body()).returncode());
    }

    /** The kinds of failure of one exchange; empty when the answer is what the request may expect. */
    private static List<String> judge(Request request, RawHttp.Outcome outcome) {
        List<String> failures = new ArrayList<>();
        switch (outcome.kind()) {
            case TIMED_OUT -> failures.add("no answer within 10 s");
            case MALFORMED_ANSWER -> failures.add("malformed HTTP answer");
            case CLOSED_WITHOUT_ANSWER -> {
                if (request.expect() != Expect.ANSWER_OR_CLOSE) {
                    failures.add("connection closed without an answer (" + request.expect() + ")");
                }
            }
            case ANSWERED -> judgeAnswer(request, outcome.response(), failures);
            default -> throw new IllegalStateException();
        }
        return failures;
    }

    private static void judgeAnswer(Request request, RawHttp.Response response, List<String> failures) {
        int status = response.status();
        if (status >= 500) {
            failures.add("HTTP " + status);
            return;
        }
        if (request.expect() == Expect.REFUSED && (status < 400 || status >= 500)) {
            failures.add("not refused (HTTP " + status + " to invalid HTTP)");
        }
        boolean bodyless = request.head() || status == 204 || status == 304 || status >= 300 && status < 400;
        if (bodyless && response.body().length == 0) {
            return;
        }
        if (request.area() == Area.API && !isXml(response.body())
                && !(request.jsonAllowed() && isJson(response.body()))) {
            failures.add("API answer not XML (HTTP " + status + ")");
        }
        if (request.area() == Area.ADMIN && !isJson(response.body())
                && !(request.lineInvalid() && status >= 400 && isXml(response.body()))) {
            failures.add("admin answer not JSON (HTTP " + status + ")");
        }
    }

    private static boolean isXml(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            javax.xml.parsers.DocumentBuilder parser = factory.newDocumentBuilder();
            // the parser would print every bad answer to stderr
            parser.setErrorHandler(null);
            parser.parse(new ByteArrayInputStream(body));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean isJson(byte[] body) {
        try {
            return body.length > 0 && JSON.readTree(body) != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String abbreviate(String text, int max) {
        String flat = text.replace("\n", "\\n");
        return flat.length() <= max ? flat : flat.substring(0, max) + "...";
    }
}
