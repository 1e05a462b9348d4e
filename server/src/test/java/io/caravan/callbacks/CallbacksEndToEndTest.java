package io.caravan.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.sun.net.httpserver.HttpServer;
import io.caravan.bbb.QueryParams;
import io.caravan.emulator.EmulatedNode;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Callbacks through a real Caravan: the test creates meetings with callback URLs on a local receiver, plays the node
 * by calling the URLs the node was given, and checks what the receiver gets.
 */
@Tag("end-to-end")
class CallbacksEndToEndTest {

    private static final String ACME = "acme.example.org";
    /**
     * The secret acme's creates are signed with here (its second): callbacks are signed with the secret the create
     * was signed with, never simply the tenant's first (Scalelite#1029).
     */
    private static final String ACME_SECRET = "acme-new";

    private static CaravanUnderTest caravan;
    private static Receiver receiver;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        receiver = new Receiver();
        caravan = CaravanUnderTest.builder().nodes(2).publicUrl()
                .property("caravan.callbacks.retry-delay", "100")
                .clustersYaml("""
                        tenants:
                          - name: acme
                            secrets: [acme-old, acme-new]
                            hostnames: [acme.example.org]
                        """)
                .start();
    }

    @AfterAll
    static void stop() {
        caravan.close();
        receiver.close();
    }

    /** Creates an acme meeting with these extra parameters; answers the create the node received, decoded. */
    private static Map<String, List<String>> create(String meetingId, String extra) {
        return create(meetingId, extra, ACME_SECRET);
    }

    private static Map<String, List<String>> create(String meetingId, String extra, String secret) {
        BbbClient client = new BbbClient(caravan.apiUrl(), secret);
        String url = client.url("create", "name=Room&meetingID=" + meetingId + "&" + extra);
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-Forwarded-Host", ACME).GET());
        assertEquals("SUCCESS", Xml.parse(answer.body()).returncode(), answer.body());
        return QueryParams.decode(nodeOf("acme~" + meetingId).calls("create").stream()
                .filter(c -> c.rawQuery().contains("acme%7E" + meetingId + "&")
                        || c.rawQuery().contains("acme~" + meetingId + "&"))
                .reduce((a, b) -> b).orElseThrow().rawQuery());
    }

    private static EmulatedNode nodeOf(String nodeMeetingId) {
        return caravan.nodes().stream().filter(n -> n.hasMeeting(nodeMeetingId)).findFirst().orElseThrow();
    }

    private static String param(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        assertNotNull(values, name + " reached the node");
        return values.get(0);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> postForm(String url, String form) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    @Test
    void endCallbacksReachTheClientWithItsOwnMeetingId() {
        Map<String, List<String>> onNode = create("ended", "meta_endCallbackUrl="
                + QueryParams.encode(receiver.url("/end?room=7")) + "&meetingEndedURL="
                + QueryParams.encode(receiver.url("/ended")));
        String end = param(onNode, "meta_endCallbackUrl");
        String ended = param(onNode, "meetingEndedURL");
        assertTrue(end.startsWith(caravan.baseUrl() + "/callbacks/end/"), end);
        assertTrue(ended.startsWith(caravan.baseUrl() + "/callbacks/meeting-ended/"), ended);

        assertEquals(202, send(HttpRequest.newBuilder(URI.create(end + "?meetingID=acme%7Eended&recordingmarks=false"))
                .GET()).statusCode());
        assertEquals(202, send(HttpRequest.newBuilder(URI.create(ended + "?meetingID=acme%7Eended")).GET())
                .statusCode());

        Received atEnd = receiver.await("/end");
        assertEquals("GET", atEnd.method());
        assertEquals("room=7&meetingID=ended&recordingmarks=false", atEnd.query());
        assertEquals("meetingID=ended", receiver.await("/ended").query());
    }

    @Test
    void recordingReadyIsResignedWithTheTenantsSecret() {
        Map<String, List<String>> onNode = create("recorded", "meta_bbb-recording-ready-url="
                + QueryParams.encode(receiver.url("/recording")));
        String callback = param(onNode, "meta_bbb-recording-ready-url");
        assertTrue(callback.startsWith(caravan.baseUrl() + "/callbacks/recording-ready/"), callback);

        // the recording appears on the node after the last recordings poll (every 60 s by default)
        nodeOf("acme~recorded").addRecording("acme~recorded", "rec-1", true, Map.of());
        BbbClient acme = new BbbClient(caravan.apiUrl(), "acme-new");
        String listUrl = acme.url("getRecordings", "meetingID=recorded");
        assertFalse(acme.send(HttpRequest.newBuilder(URI.create(listUrl)).header("X-Forwarded-Host", ACME).GET())
                .body().contains("rec-1"));

        String signed = JWT.create().withClaim("meeting_id", "acme~recorded").withClaim("record_id", "rec-1")
                .sign(Algorithm.HMAC256(nodeOf("acme~recorded").secret()));
        assertEquals(202, postForm(callback, "signed_parameters=" + signed).statusCode());
        assertTrue(acme.send(HttpRequest.newBuilder(URI.create(listUrl)).header("X-Forwarded-Host", ACME).GET())
                .body().contains("<recordID>rec-1</recordID>"), "listed as soon as the node said it is ready");

        Received got = receiver.await("/recording");
        assertEquals("POST", got.method());
        String resigned = QueryParams.decode(got.body()).get("signed_parameters").get(0);
        DecodedJWT claims = JWT.require(Algorithm.HMAC256(ACME_SECRET)).build().verify(resigned);
        assertEquals("recorded", claims.getClaim("meeting_id").asString());
        assertEquals("rec-1", claims.getClaim("record_id").asString());
    }

    @Test
    void aCallbackIsSignedWithTheSecretThatSignedItsCreateAndItsTokenNeverCarriesASecret() {
        Map<String, List<String>> onNode = create("recorded-old", "meta_bbb-recording-ready-url="
                + QueryParams.encode(receiver.url("/recording-old")), "acme-old");
        String callback = param(onNode, "meta_bbb-recording-ready-url");
        String token = callback.substring(callback.lastIndexOf('/') + 1);
        String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"sid\""), "the token names the secret: " + claims);
        assertFalse(claims.contains("acme-old") || claims.contains("acme-new"), "but never holds it: " + claims);

        String signed = JWT.create().withClaim("meeting_id", "acme~recorded-old").withClaim("record_id", "rec-old")
                .sign(Algorithm.HMAC256(nodeOf("acme~recorded-old").secret()));
        assertEquals(202, postForm(callback, "signed_parameters=" + signed).statusCode());

        String resigned = QueryParams.decode(receiver.await("/recording-old").body()).get("signed_parameters").get(0);
        assertEquals("rec-old", JWT.require(Algorithm.HMAC256("acme-old")).build().verify(resigned)
                .getClaim("record_id").asString());
        assertThrows(JWTVerificationException.class,
                () -> JWT.require(Algorithm.HMAC256("acme-new")).build().verify(resigned));
    }

    @Test
    void bnRecordingReadyIsResignedWithTheTenantsSecretToo() {
        Map<String, List<String>> onNode = create("bn-recorded", "meta_bn-recording-ready-url="
                + QueryParams.encode(receiver.url("/bn-recording")));
        String callback = param(onNode, "meta_bn-recording-ready-url");
        assertTrue(callback.startsWith(caravan.baseUrl() + "/callbacks/bn-recording-ready/"), callback);

        String signed = JWT.create().withClaim("meeting_id", "acme~bn-recorded").withClaim("record_id", "rec-2")
                .sign(Algorithm.HMAC256(nodeOf("acme~bn-recorded").secret()));
        assertEquals(202, postForm(callback, "signed_parameters=" + signed).statusCode());

        Received got = receiver.await("/bn-recording");
        String resigned = QueryParams.decode(got.body()).get("signed_parameters").get(0);
        DecodedJWT claims = JWT.require(Algorithm.HMAC256(ACME_SECRET)).build().verify(resigned);
        assertEquals("bn-recorded", claims.getClaim("meeting_id").asString());
        assertEquals("rec-2", claims.getClaim("record_id").asString());
    }

    @Test
    void analyticsKeepTheirBodyWithABearerOfTheTenant() {
        Map<String, List<String>> onNode = create("analysed", "meta_analytics-callback-url="
                + QueryParams.encode(receiver.url("/analytics")));
        String callback = param(onNode, "meta_analytics-callback-url");
        String bearer = JWT.create().withClaim("exp", System.currentTimeMillis() / 1000 + 600)
                .sign(Algorithm.HMAC512(nodeOf("acme~analysed").secret()));
        // the node knows the meeting by its namespaced ID; the client must only ever see its own
        String fromNode = "{\"version\":\"1.0\",\"data\":{\"metadata\":{\"meeting_id\":\"acme~analysed\"}}}";
        assertEquals(202, send(HttpRequest.newBuilder(URI.create(callback))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(fromNode))).statusCode());

        Received got = receiver.await("/analytics");
        assertEquals("{\"version\":\"1.0\",\"data\":{\"metadata\":{\"meeting_id\":\"analysed\"}}}", got.body());
        assertTrue(got.authorization().startsWith("Bearer "), got.authorization());
        JWT.require(Algorithm.HMAC512(ACME_SECRET)).build().verify(got.authorization().substring(7));
    }

    @Test
    void forgedTokensAreRefusedAndNothingIsForwarded() {
        String forged = JWT.create().withIssuer("caravan").withClaim("kind", "end")
                .withClaim("url", receiver.url("/forged")).withClaim("meetingID", "x")
                .sign(Algorithm.HMAC256("not-caravans-key"));
        assertEquals(403, send(HttpRequest.newBuilder(URI.create(caravan.baseUrl() + "/callbacks/end/" + forged))
                .GET()).statusCode());
        assertEquals(403, send(HttpRequest.newBuilder(URI.create(caravan.baseUrl() + "/callbacks/end/garbage"))
                .GET()).statusCode());

        // a genuine token used for another kind of callback
        Map<String, List<String>> onNode = create("misused", "meta_endCallbackUrl="
                + QueryParams.encode(receiver.url("/forged")));
        String token = param(onNode, "meta_endCallbackUrl").replaceFirst(".*/", "");
        assertEquals(403, send(HttpRequest.newBuilder(URI.create(caravan.baseUrl() + "/callbacks/meeting-ended/"
                + token)).GET()).statusCode());
        receiver.assertNothingAt("/forged");
    }

    @Test
    void recordingReadyWithoutTheNodesSignatureIsRefused() {
        Map<String, List<String>> onNode = create("unsigned", "meta_bbb-recording-ready-url="
                + QueryParams.encode(receiver.url("/unsigned")));
        String callback = param(onNode, "meta_bbb-recording-ready-url");
        String wrong = JWT.create().withClaim("meeting_id", "acme~unsigned").withClaim("record_id", "r")
                .sign(Algorithm.HMAC256("not-a-node-secret"));
        assertEquals(403, postForm(callback, "signed_parameters=" + wrong).statusCode());
        assertEquals(401, postForm(callback, "other=1").statusCode());
        receiver.assertNothingAt("/unsigned");
    }

    @Test
    void aFailedDeliveryIsRetried() {
        receiver.failFirst("/flaky", 1);
        Map<String, List<String>> onNode = create("flaky", "meta_endCallbackUrl="
                + QueryParams.encode(receiver.url("/flaky")));
        String end = param(onNode, "meta_endCallbackUrl");
        assertEquals(202, send(HttpRequest.newBuilder(URI.create(end + "?meetingID=acme%7Eflaky")).GET())
                .statusCode());
        CaravanUnderTest.await(() -> receiver.at("/flaky").size() >= 2, "a second attempt");
        assertEquals(500, receiver.at("/flaky").get(0).answered());
        assertEquals(200, receiver.at("/flaky").get(1).answered());
        assertEquals("meetingID=flaky", receiver.at("/flaky").get(1).query());
    }

    /** One request the receiver got, and the status it answered. */
    record Received(String method, String query, String authorization, String body, int answered) {
    }

    /** The client's side: a JDK HTTP server on a loopback port that records every request by path. */
    static final class Receiver implements AutoCloseable {

        private final HttpServer server;
        private final Map<String, List<Received>> byPath = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                AtomicInteger failing = failures.get(path);
                int status = failing != null && failing.getAndDecrement() > 0 ? 500 : 200;
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                byPath.computeIfAbsent(path, p -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery(),
                                exchange.getRequestHeaders().getFirst("Authorization"), body, status));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url(String pathAndQuery) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
        }

        void failFirst(String path, int times) {
            failures.put(path, new AtomicInteger(times));
        }

        List<Received> at(String path) {
            return List.copyOf(byPath.getOrDefault(path, List.of()));
        }

        Received await(String path) {
            CaravanUnderTest.await(() -> !at(path).isEmpty(), "a callback at " + path);
            return at(path).get(0);
        }

        void assertNothingAt(String path) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertEquals(List.of(), at(path), "nothing forwarded to " + path);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
