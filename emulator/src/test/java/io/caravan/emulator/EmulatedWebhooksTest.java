package io.caravan.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulated node's bbb-webhooks: its API (checksums, answers, error keys as api.js and responses.js give them) and
 * the events it posts (callback-emitter.js: the form, the checksum over URL, body and secret, retries, the hook
 * dropped after the last one).
 */
class EmulatedWebhooksTest {

    private EmulatedNode node;
    private EmulatorHttp http;
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    record Received(String path, String query, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        node = EmulatedNode.start("bbb1", 0, "webhooks-secret");
        http = new EmulatorHttp(node);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                    body));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        node.close();
        receiver.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private String hooks(String call, String query) throws Exception {
        return http.get("hooks/" + call, query).body();
    }

    private void awaitReceived(int count) throws InterruptedException {
        for (int i = 0; i < 100 && received.size() < count; i++) {
            Thread.sleep(50);
        }
        assertTrue(received.size() >= count, "received " + received);
    }

    @Test
    void createListAndDestroyAnswerAsBbbWebhooks() throws Exception {
        String created = hooks("create", "callbackURL=" + EmulatorHttp.encode(url("/a")) + "&eventID=User-Joined");
        assertEquals("SUCCESS", EmulatorHttp.text(created, "/response/returncode"));
        String id = EmulatorHttp.text(created, "/response/hookID");
        assertEquals("false", EmulatorHttp.text(created, "/response/permanentHook"));
        assertEquals("false", EmulatorHttp.text(created, "/response/rawData"));

        String again = hooks("create", "callbackURL=" + EmulatorHttp.encode(url("/a")) + "&meetingID=other");
        assertEquals(id, EmulatorHttp.text(again, "/response/hookID"));
        assertEquals("duplicateWarning", EmulatorHttp.text(again, "/response/messageKey"));

        String list = hooks("list", "");
        assertEquals(id, EmulatorHttp.text(list, "/response/hooks/hook/hookID"));
        assertEquals(url("/a"), EmulatorHttp.text(list, "/response/hooks/hook/callbackURL"));
        assertEquals("user-joined", EmulatorHttp.text(list, "/response/hooks/hook/eventID"));
        assertTrue(list.contains("<callbackURL><![CDATA["), list);

        assertEquals("true", EmulatorHttp.text(hooks("destroy", "hookID=" + id), "/response/removed"));
        assertEquals("destroyMissingHook", EmulatorHttp.text(hooks("destroy", "hookID=" + id),
                "/response/messageKey"));
        assertEquals("missingParamHookID", EmulatorHttp.text(hooks("destroy", ""), "/response/messageKey"));
        assertEquals("missingParamCallbackURL", EmulatorHttp.text(hooks("create", "meetingID=x"),
                "/response/messageKey"));
    }

    @Test
    void checksumCoversThePathAfterTheApiAndAnyAlgorithmByLength() throws Exception {
        String query = "callbackURL=" + EmulatorHttp.encode(url("/b"));
        String sha256 = http.signed("SHA-256", "hooks/create", query);
        assertEquals("SUCCESS", EmulatorHttp.text(http.getRaw("hooks/create", sha256).body(), "/response/returncode"));
        String signedAsCreate = http.signed("create", query);
        assertEquals("checksumError", EmulatorHttp.text(http.getRaw("hooks/create", signedAsCreate).body(),
                "/response/messageKey"));
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/hooks/list?"
                + http.signed("hooks/list", ""))).POST(HttpRequest.BodyPublishers.noBody())).statusCode());
    }

    @Test
    void eventsArePostedAsAFormSignedOverUrlBodyAndSecret() throws Exception {
        hooks("create", "callbackURL=" + EmulatorHttp.encode(url("/events?app=1")));
        http.create("room", "");
        http.get("join", "meetingID=room&fullName=Ann&role=MODERATOR&redirect=false");
        http.get("end", "meetingID=room");
        awaitReceived(4);

        Received first = received.get(0);
        assertTrue(first.query().startsWith("app=1&checksum="), first.query());
        String checksum = first.query().substring("app=1&checksum=".length());
        assertEquals(EmulatorHttp.hex("SHA-1", url("/events?app=1") + first.body() + node.secret()), checksum);
        assertTrue(first.body().startsWith("domain="), first.body());
        List<String> ids = new java.util.ArrayList<>();
        for (Received r : received) {
            ids.add(event(r).path("data").path("id").asText());
        }
        assertEquals(List.of("meeting-created", "user-joined", "user-left", "meeting-ended"), ids);
        JsonNode joined = event(received.get(1));
        assertEquals("room", joined.at("/data/attributes/meeting/external-meeting-id").asText());
        assertEquals("Ann", joined.at("/data/attributes/user/name").asText());
    }

    @Test
    void hooksForAMeetingOrSomeEventsGetOnlyThose() throws Exception {
        hooks("create", "callbackURL=" + EmulatorHttp.encode(url("/room2")) + "&meetingID=room2");
        hooks("create", "callbackURL=" + EmulatorHttp.encode(url("/ends")) + "&eventID=meeting-ended");
        http.create("room1", "");
        http.create("room2", "");
        http.get("end", "meetingID=room1");
        awaitReceived(2);
        Thread.sleep(200);
        List<String> seen = received.stream().map(r -> r.path() + " " + event(r).at("/data/id").asText()).toList();
        assertEquals(List.of("/room2 meeting-created", "/ends meeting-ended"), seen);
    }

    @Test
    void getRawHooksGetTheRawMessagesInTheSameSignedForm() throws Exception {
        hooks("create", "callbackURL=" + EmulatorHttp.encode(url("/raw")) + "&getRaw=true");
        hooks("create", "callbackURL=" + EmulatorHttp.encode(url("/raw-filtered")) + "&getRaw=true"
                + "&eventID=user-left,meeting-ended");
        http.create("room", "");
        http.get("join", "meetingID=room&fullName=Ann&role=MODERATOR&redirect=false");
        http.get("end", "meetingID=room");
        awaitReceived(5);
        Thread.sleep(200);

        List<Received> raw = received.stream().filter(r -> r.path().equals("/raw")).toList();
        Received first = raw.get(0);
        assertEquals(EmulatorHttp.hex("SHA-1", url("/raw") + first.body() + node.secret()),
                first.query().substring("checksum=".length()));
        assertTrue(first.body().startsWith("domain="), first.body());
        List<String> names = raw.stream().map(r -> event(r).has("envelope")
                ? event(r).at("/envelope/name").asText() : event(r).at("/data/id").asText()).toList();
        // the user still there when the meeting ends: bbb-webhooks' made-up user-left, mapped
        assertEquals(List.of("MeetingCreatedEvtMsg", "UserJoinedMeetingEvtMsg", "user-left", "MeetingDestroyedEvtMsg"),
                names);
        JsonNode created = event(raw.get(0));
        assertEquals("room", created.at("/core/body/props/meetingProp/extId").asText());
        String internal = created.at("/core/body/props/meetingProp/intId").asText();
        assertEquals(internal, event(raw.get(1)).at("/envelope/routing/meetingId").asText());
        assertEquals("Ann", event(raw.get(1)).at("/core/body/name").asText());
        assertEquals(internal, event(raw.get(3)).at("/core/body/meetingId").asText());
        // an eventID list looks for data.id, which only the made-up user-left has
        List<String> filtered = received.stream().filter(r -> r.path().equals("/raw-filtered"))
                .map(r -> event(r).at("/data/id").asText()).toList();
        assertEquals(List.of("user-left"), filtered);
    }

    @Test
    void aHookWhoseUrlKeepsFailingIsRemovedAfterItsRetries() throws Exception {
        status.set(500);
        node.webhookRetryIntervals(List.of(50L, 50L));
        hooks("create", "callbackURL=" + EmulatorHttp.encode(url("/failing")));
        http.create("room", "");
        for (int i = 0; i < 100 && !node.webhookUrls().isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertFalse(node.webhookUrls().contains(url("/failing")));
        assertEquals(3, received.size(), "the first try and two retries");
        assertNotEquals(0, received.size());
    }

    private static JsonNode event(Received r) {
        for (String pair : r.body().split("&")) {
            if (pair.startsWith("event=")) {
                try {
                    JsonNode array = new ObjectMapper().readTree(URLDecoder.decode(pair.substring(6),
                            StandardCharsets.UTF_8));
                    return array.get(0);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("no event in " + r.body());
    }
}
