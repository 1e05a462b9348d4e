package io.caravan.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.caravan.bbb.QueryParams;
import io.caravan.emulator.EmulatedNode;
import io.caravan.support.AdminHttp;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Webhooks through a real Caravan in front of emulated nodes running bbb-webhooks: clients create hooks on Caravan,
 * meetings run on any node, and a local receiver checks what the hooks get (the client's own meetingIDs, a checksum
 * made with the client's secret), what they do not (another tenant's meetings, filtered events), and the hooks API's
 * answers.
 */
@Tag("end-to-end")
class WebhooksEndToEndTest {

    private static final String ACME = "acme.example.org";
    private static final String GLOBEX = "globex.example.org";
    /** acme's second secret: a hook's events are signed with the secret its create was signed with. */
    private static final String ACME_SECRET = "acme-new";
    private static final String GLOBEX_SECRET = "globex-secret";

    private static CaravanUnderTest caravan;
    private static Receiver receiver;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        receiver = new Receiver();
        caravan = CaravanUnderTest.builder().nodes(2).publicUrl().adminApi()
                .property("caravan.webhooks.check-interval", "300ms")
                .property("caravan.webhooks.retry-delay", "100")
                .property("caravan.webhooks.attempts", "2")
                .clustersYaml("""
                        tenants:
                          - name: acme
                            secrets: [acme-old, acme-new]
                            hostnames: [acme.example.org]
                          - name: globex
                            secrets: [globex-secret]
                            hostnames: [globex.example.org]
                        """)
                .start();
        caravan.nodes().forEach(WebhooksEndToEndTest::awaitCaravansHook);
    }

    @AfterAll
    static void stop() {
        caravan.close();
        receiver.close();
    }

    private static void awaitCaravansHook(EmulatedNode node) {
        CaravanUnderTest.await(() -> node.webhookUrls().stream().anyMatch(u -> u.contains("/webhooks/node/")),
                "Caravan's hook on " + node.name());
    }

    /** A hooks call (or any API call) of one tenant, signed with that secret, sent to Caravan. */
    private static Xml call(String host, String secret, String call, String query) {
        BbbClient client = new BbbClient(caravan.apiUrl(), secret);
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(client.url(call, query)))
                .header("X-Forwarded-Host", host).GET());
        assertEquals(200, answer.statusCode(), answer.body());
        return Xml.parse(answer.body());
    }

    private static String createHook(String host, String secret, String path, String extra) {
        Xml created = call(host, secret, "hooks/create", "callbackURL=" + QueryParams.encode(receiver.url(path))
                + extra);
        assertEquals("SUCCESS", created.returncode());
        return created.text("hookID");
    }

    private static void createMeeting(String host, String secret, String meetingId) {
        assertEquals("SUCCESS", call(host, secret, "create", "name=Room&meetingID=" + meetingId).returncode());
    }

    private static EmulatedNode nodeOf(String nodeMeetingId) {
        return caravan.nodes().stream().filter(n -> n.hasMeeting(nodeMeetingId)).findFirst().orElseThrow();
    }

    @Test
    void aHookGetsUserJoinedFromItsTenantsMeetingsOnAnyNodeWithItsOwnMeetingIdAndChecksum() {
        createHook(ACME, ACME_SECRET, "/acme-all", "");
        createHook(GLOBEX, GLOBEX_SECRET, "/globex-all", "");
        createMeeting(ACME, ACME_SECRET, "joined-0");
        nodeOf("acme~joined-0").addAttendees("acme~joined-0", 1);
        List<String> rooms = new java.util.ArrayList<>(List.of("joined-0"));
        // and one on each node, as placement could have put it there
        for (EmulatedNode node : caravan.nodes()) {
            BbbClient direct = new BbbClient(node.baseUrl(), node.secret());
            String room = "joined-on-" + node.name();
            String answer = direct.get("create", "name=Room&meetingID=acme%7E" + room).body();
            assertEquals("SUCCESS", Xml.parse(answer).returncode(), answer);
            node.addAttendees("acme~" + room, 1);
            rooms.add(room);
        }
        for (String room : rooms) {
            Receiver.Post joined = receiver.await("/acme-all", "user-joined", room);
            assertEquals(sha1(receiver.url("/acme-all") + joined.body() + ACME_SECRET), joined.checksum());
            assertFalse(joined.body().contains("acme~") || joined.body().contains("acme%7E"), joined.body());
            assertTrue(joined.body().startsWith("domain=127.0.0.1&event="), joined.body());
        }
        receiver.quiet();
        assertTrue(receiver.posts("/globex-all").isEmpty(), "globex's hook got acme's events: "
                + receiver.posts("/globex-all"));
    }

    @Test
    void meetingIdAndEventIdFiltersAreTheClientsOwn() {
        createHook(ACME, ACME_SECRET, "/only-filtered", "&meetingID=filtered");
        createHook(ACME, ACME_SECRET, "/only-ends", "&eventID=Meeting-Ended");
        createMeeting(ACME, ACME_SECRET, "filtered");
        createMeeting(ACME, ACME_SECRET, "unfiltered");
        nodeOf("acme~filtered").addAttendees("acme~filtered", 1);
        nodeOf("acme~unfiltered").addAttendees("acme~unfiltered", 1);
        call(ACME, ACME_SECRET, "end", "meetingID=unfiltered");
        receiver.await("/only-filtered", "user-joined", "filtered");
        receiver.await("/only-ends", "meeting-ended", "unfiltered");
        receiver.quiet();
        assertTrue(receiver.posts("/only-filtered").stream().allMatch(p -> p.meetingId().equals("filtered")),
                receiver.posts("/only-filtered").toString());
        assertTrue(receiver.posts("/only-ends").stream().allMatch(p -> p.eventId().equals("meeting-ended")),
                receiver.posts("/only-ends").toString());

        Xml listed = call(ACME, ACME_SECRET, "hooks/list", "meetingID=filtered");
        assertTrue(listed.texts("meetingID").contains("filtered"), listed.toString());
        assertTrue(listed.texts("eventID").contains("meeting-ended"));
    }

    @Test
    void getRawHooksGetTheirTenantsRawEventsWithTheirOwnMeetingIdsWhileCaravansRawHookIsNeeded() {
        for (EmulatedNode node : caravan.nodes()) {
            assertFalse(node.webhookUrls().stream().anyMatch(u -> u.endsWith("/raw")), "no raw hook before one is wanted");
        }
        String acmes = createHook(ACME, ACME_SECRET, "/acme-raw", "&getRaw=true");
        String globexs = createHook(GLOBEX, GLOBEX_SECRET, "/globex-raw", "&getRaw=TRUE");
        for (EmulatedNode node : caravan.nodes()) {
            CaravanUnderTest.await(() -> node.webhookUrls().contains(caravan.baseUrl() + "/webhooks/node/"
                    + node.name() + "/raw"), "Caravan's raw hook on " + node.name());
        }
        createMeeting(ACME, ACME_SECRET, "raw-room");
        nodeOf("acme~raw-room").addAttendees("acme~raw-room", 1);
        call(ACME, ACME_SECRET, "end", "meetingID=raw-room");
        // each event is its own post, and posts run side by side: in no fixed order
        List<String> expected = List.of("MeetingCreatedEvtMsg", "MeetingDestroyedEvtMsg", "UserJoinedMeetingEvtMsg",
                "user-left");
        CaravanUnderTest.await(() -> rawNames("/acme-raw").size() >= expected.size(),
                "the raw events at /acme-raw (got " + rawNames("/acme-raw") + ")");
        receiver.quiet();
        assertEquals(expected, rawNames("/acme-raw").stream().sorted().toList());
        for (Receiver.Post post : receiver.posts("/acme-raw")) {
            assertEquals(sha1(receiver.url("/acme-raw") + post.body() + ACME_SECRET), post.checksum());
            assertFalse(post.body().contains("acme~") || post.body().contains("acme%7E"), post.body());
        }
        JsonNode created = receiver.posts("/acme-raw").stream().map(WebhooksEndToEndTest::rawEvent)
                .filter(e -> e.at("/envelope/name").asText().equals("MeetingCreatedEvtMsg")).findFirst().orElseThrow();
        assertEquals("raw-room", created.at("/core/body/props/meetingProp/extId").asText());
        assertTrue(receiver.posts("/globex-raw").isEmpty(), "globex's raw hook got acme's events");

        call(ACME, ACME_SECRET, "hooks/destroy", "hookID=" + acmes);
        call(GLOBEX, GLOBEX_SECRET, "hooks/destroy", "hookID=" + globexs);
        for (EmulatedNode node : caravan.nodes()) {
            CaravanUnderTest.await(() -> node.webhookUrls().stream().noneMatch(u -> u.endsWith("/raw")),
                    "Caravan's raw hook gone from " + node.name() + " once no hook wants raw events");
        }
    }

    /** The event of a post: a mapped one or a raw one. */
    private static JsonNode rawEvent(Receiver.Post post) {
        try {
            return new ObjectMapper().readTree(QueryParams.decode(post.body()).get("event").get(0)).get(0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The raw events' names (akka-apps' envelope.name; a mapped event's data.id). */
    private static List<String> rawNames(String path) {
        return receiver.posts(path).stream().map(WebhooksEndToEndTest::rawEvent)
                .map(e -> e.has("envelope") ? e.at("/envelope/name").asText() : e.at("/data/id").asText())
                .toList();
    }

    @Test
    void aNodeAddedLaterWithTheAdminApiDeliversToo() {
        createHook(ACME, ACME_SECRET, "/late", "");
        try (EmulatedNode late = EmulatedNode.start("late", 0, "late-secret")) {
            AdminHttp admin = new AdminHttp(caravan.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
            assertEquals(201, admin.post("/nodes", "{\"name\":\"bbb-late\",\"url\":\"" + late.baseUrl()
                    + "\",\"secret\":\"late-secret\"}").status());
            awaitCaravansHook(late);
            // a meeting of acme's as Caravan would have placed it there
            BbbClient direct = new BbbClient(late.baseUrl(), "late-secret");
            assertEquals("SUCCESS", Xml.parse(direct.get("create", "name=Late&meetingID=acme%7Elate-room").body())
                    .returncode());
            late.addAttendees("acme~late-room", 1);
            receiver.await("/late", "user-joined", "late-room");
            // the node goes away with the test; disabled, it is neither polled nor given meetings
            assertEquals(200, admin.post("/nodes/bbb-late/disable", null).status());
        }
    }

    @Test
    void aHookLostOnANodeIsCreatedAgain() {
        EmulatedNode node = caravan.node(1);
        node.dropWebhooks();
        awaitCaravansHook(node);
    }

    @Test
    void aHookWhoseUrlKeepsFailingIsRemoved() {
        double retried = deliveries("retried");
        double failed = deliveries("failed");
        String id = createHook(ACME, ACME_SECRET, "/failing", "");
        createMeeting(ACME, ACME_SECRET, "failing-room");
        CaravanUnderTest.await(() -> !call(ACME, ACME_SECRET, "hooks/list", "").texts("hookID").contains(id),
                "the failing hook removed");
        assertTrue(receiver.posts("/failing").size() >= 3, "the first send and two retries");
        assertTrue(deliveries("retried") >= retried + 2, "two retries counted");
        assertTrue(deliveries("failed") >= failed + 1, "the delivery that removed the hook counted");
    }

    @Test
    void eventsAndDeliveriesAreCounted() {
        createHook(ACME, ACME_SECRET, "/counted", "&eventID=user-joined");
        createMeeting(ACME, ACME_SECRET, "counted-room");
        EmulatedNode node = nodeOf("acme~counted-room");
        double events = meters().get("caravan.webhook.events").tag("node", node.name()).tag("kind", "mapped")
                .counter().count();
        double delivered = deliveries("delivered");
        node.addAttendees("acme~counted-room", 1);
        receiver.await("/counted", "user-joined", "counted-room");
        CaravanUnderTest.await(() -> deliveries("delivered") >= delivered + 1, "the delivery counted");
        assertTrue(meters().get("caravan.webhook.events").tag("node", node.name()).tag("kind", "mapped").counter()
                .count() >= events + 1, "the node's event counted");
        String scrape = meters().scrape();
        assertTrue(scrape.contains("caravan_webhook_deliveries_total{outcome=\"delivered\"}"), scrape);
        assertTrue(scrape.contains("caravan_webhook_events_total{kind=\"mapped\",node=\"" + node.name() + "\"}"),
                scrape);
    }

    private static PrometheusMeterRegistry meters() {
        return caravan.bean("metricsRegistry", PrometheusMeterRegistry.class);
    }

    private static double deliveries(String outcome) {
        return meters().get("caravan.webhook.deliveries").tag("outcome", outcome).counter().count();
    }

    @Test
    void theHooksApiAnswersAsBbbWebhooks() {
        String id = createHook(GLOBEX, GLOBEX_SECRET, "/globex-api", "&getRaw=false");
        Xml again = call(GLOBEX, GLOBEX_SECRET, "hooks/create", "callbackURL="
                + QueryParams.encode(receiver.url("/globex-api")));
        assertEquals(id, again.text("hookID"));
        assertEquals("duplicateWarning", again.messageKey());
        // the same URL for another tenant is another hook
        String acmes = createHook(ACME, ACME_SECRET, "/globex-api", "");
        assertFalse(acmes.equals(id));

        assertEquals("missingParamCallbackURL", call(GLOBEX, GLOBEX_SECRET, "hooks/create", "meetingID=x")
                .messageKey());
        assertEquals("missingParamHookID", call(GLOBEX, GLOBEX_SECRET, "hooks/destroy", "").messageKey());
        assertEquals("destroyMissingHook", call(GLOBEX, GLOBEX_SECRET, "hooks/destroy", "hookID=nope").messageKey());
        // another tenant's hook is not acme's to list or remove
        assertFalse(call(ACME, ACME_SECRET, "hooks/list", "").texts("hookID").contains(id));
        assertEquals("destroyMissingHook", call(ACME, ACME_SECRET, "hooks/destroy", "hookID=" + id).messageKey());
        assertEquals("checksumError", call(GLOBEX, ACME_SECRET, "hooks/list", "").messageKey());

        assertEquals("true", call(GLOBEX, GLOBEX_SECRET, "hooks/destroy", "hookID=" + id).text("removed"));
        assertEquals("destroyMissingHook", call(GLOBEX, GLOBEX_SECRET, "hooks/destroy", "hookID=" + id)
                .messageKey());
    }

    @Test
    void eventsNotSignedWithTheNodesSecretAreRefused() throws Exception {
        String url = caravan.baseUrl() + "/webhooks/node/bbb1";
        String body = "domain=x&event=" + QueryParams.encode("[{\"data\":{\"id\":\"user-joined\"}}]")
                + "&timestamp=1";
        for (String checksum : List.of("", "?checksum=" + sha1(url + body + "not-the-secret"))) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + checksum))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, answer.statusCode());
        }
        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(URI.create(caravan.baseUrl()
                + "/webhooks/node/nobody?checksum=00")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, unknown.statusCode());
        String signed = "?checksum=" + sha1(url + body + caravan.node(0).secret());
        HttpResponse<String> good = HTTP.send(HttpRequest.newBuilder(URI.create(url + signed))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, good.statusCode());
    }

    @Test
    void hooksSurviveARestart() {
        try (CaravanUnderTest alone = CaravanUnderTest.builder().nodes(1).publicUrl()
                .property("caravan.webhooks.check-interval", "300ms").start()) {
            BbbClient client = alone.client();
            Xml created = Xml.parse(client.get("hooks/create", "callbackURL="
                    + QueryParams.encode(receiver.url("/restart")) + "&meetingID=kept").body());
            String id = created.text("hookID");
            alone.restart();
            CaravanUnderTest.await(() -> alone.node(0).webhookUrls().contains(alone.baseUrl() + "/webhooks/node/bbb1"),
                    "the restarted Caravan's hook on the node");
            Xml listed = Xml.parse(alone.client().get("hooks/list", "").body());
            assertEquals(List.of(id), listed.texts("hookID"));
            assertEquals(List.of("kept"), listed.texts("meetingID"));
            String answer = alone.client().get("create", "name=Kept&meetingID=kept").body();
            assertEquals("SUCCESS", Xml.parse(answer).returncode(), answer);
            alone.node(0).addAttendees("kept", 1);
            Receiver.Post joined = receiver.await("/restart", "user-joined", "kept");
            assertEquals(sha1(receiver.url("/restart") + joined.body() + CaravanUnderTest.SECRET), joined.checksum());
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The client applications' side: records every post; /failing answers 500. */
    static final class Receiver implements AutoCloseable {

        record Post(String path, String checksum, String body, String eventId, String meetingId) {
        }

        private static final ObjectMapper JSON = new ObjectMapper();
        private final HttpServer server;
        private final List<Post> posts = new CopyOnWriteArrayList<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String query = exchange.getRequestURI().getRawQuery();
                String checksum = query == null ? null : QueryParams.decode(query).get("checksum").get(0);
                JsonNode event = JSON.readTree(QueryParams.decode(body).get("event").get(0)).get(0);
                posts.add(new Post(exchange.getRequestURI().getPath(), checksum, body, event.at("/data/id").asText(),
                        event.at("/data/attributes/meeting/external-meeting-id").asText()));
                exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/failing") ? 500 : 200, -1);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        List<Post> posts(String path) {
            return posts.stream().filter(p -> p.path().equals(path)).toList();
        }

        Post await(String path, String eventId, String meetingId) {
            CaravanUnderTest.await(() -> posts(path).stream()
                    .anyMatch(p -> p.eventId().equals(eventId) && p.meetingId().equals(meetingId)),
                    eventId + " of " + meetingId + " at " + path + " (got " + posts(path) + ")");
            return posts(path).stream().filter(p -> p.eventId().equals(eventId) && p.meetingId().equals(meetingId))
                    .findFirst().orElseThrow();
        }

        /** Lets deliveries in flight arrive before a test checks that something did not. */
        void quiet() {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
