package io.caravan.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.caravan.emulator.EmulatedNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** routes/callbacks.camel.yaml: a node's callback comes back through Caravan and goes on to the client's URL. */
class CallbacksRoutesTest extends RouteTestSupport {

    // set in settings(), which the constructor calls: no initializers (see RouteTestSupport)
    private HttpServer client;
    private List<String> received;

    @Override
    protected Properties settings() {
        try {
            received = new CopyOnWriteArrayList<>();
            client = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            client.createContext("/", exchange -> {
                received.add(exchange.getRequestURI().getPath() + "?" + exchange.getRequestURI().getRawQuery());
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            client.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties settings = new Properties();
        settings.setProperty("caravan.public-url", baseUrl()); // callbacks pass through Caravan
        return settings;
    }

    @AfterAll
    void stopClient() {
        client.stop(0);
    }

    private String clientUrl(String path) {
        return "http://127.0.0.1:" + client.getAddress().getPort() + path;
    }

    @Test
    void theEndCallbackReachesTheClientThroughCaravan() {
        client().get("create", "name=Called+back&meetingID=route-callback&meta_endCallbackUrl="
                + URLEncoder.encode(clientUrl("/ended?room=7"), StandardCharsets.UTF_8));
        EmulatedNode host = nodes().stream().filter(node -> node.hasMeeting("route-callback")).findFirst().orElseThrow();
        String onNode = host.calls("create").stream().map(EmulatedNode.ReceivedCall::rawQuery)
                .filter(query -> query.contains("route-callback")).reduce((a, b) -> b).orElseThrow();
        String callback = URLDecoder.decode(onNode.replaceFirst(".*meta_endCallbackUrl=([^&]*).*", "$1"),
                StandardCharsets.UTF_8);
        assertTrue(callback.startsWith(baseUrl() + "/callbacks/end/"), "the node calls Caravan back: " + callback);

        HttpResponse<String> answer = http("GET", callback.substring(baseUrl().length())
                + "?meetingID=route-callback&recordingmarks=false", null);
        assertEquals(202, answer.statusCode());
        await(() -> !received.isEmpty(), "the client's callback");
        assertEquals("/ended?room=7&meetingID=route-callback&recordingmarks=false", received.get(0));
    }

    @Test
    void aCallbackWithAForgedTokenIsRefusedAndGoesNowhere() {
        int before = received.size();
        HttpResponse<String> answer = http("GET", "/callbacks/end/not-a-token?meetingID=x", null);
        assertTrue(answer.statusCode() >= 400 && answer.statusCode() < 500, "status " + answer.statusCode());
        assertEquals(before, received.size());
    }
}
