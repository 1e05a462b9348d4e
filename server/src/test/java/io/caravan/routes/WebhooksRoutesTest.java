package io.caravan.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.caravan.emulator.EmulatedNode;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * routes/webhooks.camel.yaml: the hooks API, Caravan's hooks on the nodes (the getRaw one only while a client wants
 * raw events), the nodes' posts checked and relayed to the clients' hooks.
 */
class WebhooksRoutesTest extends RouteTestSupport {

    // set in settings(), which the constructor calls: no initializers (see RouteTestSupport)
    private HttpServer client;
    private List<String> received;

    @Override
    protected Properties settings() {
        try {
            received = new CopyOnWriteArrayList<>();
            client = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            client.createContext("/", exchange -> {
                received.add(exchange.getRequestURI().getPath() + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            client.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties settings = new Properties();
        settings.setProperty("caravan.public-url", baseUrl()); // the nodes post their events to Caravan
        settings.setProperty("caravan.webhooks.check-interval", "200ms");
        return settings;
    }

    @AfterAll
    void stopClient() {
        client.stop(0);
    }

    private String clientUrl(String path) {
        return "http://127.0.0.1:" + client.getAddress().getPort() + path;
    }

    private String ownHook(EmulatedNode node) {
        return baseUrl() + "/webhooks/node/" + node.name();
    }

    private Xml hooks(String call, String query) {
        return Xml.parse(client().get("hooks/" + call, query).body());
    }

    private String createHook(String path, String extra) {
        Xml created = hooks("create", "callbackURL=" + URLEncoder.encode(clientUrl(path), StandardCharsets.UTF_8)
                + extra);
        assertEquals("SUCCESS", created.returncode());
        return created.text("hookID");
    }

    @Test
    void aClientsHookGetsTheEventsOfAMeetingOnAnyNode() {
        for (EmulatedNode node : nodes()) {
            CaravanUnderTest.await(() -> node.webhookUrls().contains(ownHook(node)), "Caravan's hook on " + node);
        }
        String id = createHook("/events", "");
        assertEquals(List.of(id), hooks("list", "").texts("hookID"));
        assertEquals("SUCCESS", Xml.parse(client().get("create", "name=Hooked&meetingID=hooked").body()).returncode());
        nodes().stream().filter(n -> n.hasMeeting("hooked")).findFirst().orElseThrow().addAttendees("hooked", 1);
        CaravanUnderTest.await(() -> received.stream().anyMatch(r -> r.startsWith("/events ")
                && r.contains("user-joined")), "user-joined at the client's hook (got " + received + ")");
        assertEquals("true", hooks("destroy", "hookID=" + id).text("removed"));
    }

    @Test
    void caravansRawHookIsOnTheNodesOnlyWhileAClientHookWantsRawEvents() {
        String id = createHook("/raw", "&getRaw=true");
        for (EmulatedNode node : nodes()) {
            CaravanUnderTest.await(() -> node.webhookUrls().contains(ownHook(node) + "/raw"),
                    "Caravan's raw hook on " + node.name());
        }
        assertEquals("true", hooks("destroy", "hookID=" + id).text("removed"));
        for (EmulatedNode node : nodes()) {
            CaravanUnderTest.await(() -> !node.webhookUrls().contains(ownHook(node) + "/raw"),
                    "Caravan's raw hook gone from " + node.name());
        }
    }

    @Test
    void hooksCallsAreGetOnlyAsOnBbbWebhooks() {
        HttpResponse<String> posted = client().post("hooks/list", "", "application/x-www-form-urlencoded", "");
        assertEquals(200, posted.statusCode());
        assertEquals("unsupportedRequest", Xml.parse(posted.body()).messageKey());
        assertEquals("SUCCESS", hooks("list", "").returncode());
    }

    @Test
    void postsNotSignedWithTheNodesSecretAreRefused() {
        for (String path : List.of("/webhooks/node/bbb1", "/webhooks/node/bbb1/raw", "/webhooks/node/nobody")) {
            assertEquals(401, http("POST", path + "?checksum=0", null).statusCode(), path);
        }
        assertEquals(405, http("GET", "/webhooks/node/bbb1", null).statusCode());
    }
}
