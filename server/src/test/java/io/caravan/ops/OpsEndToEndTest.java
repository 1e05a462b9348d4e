package io.caravan.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.emulator.EmulatedNode;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** /health, /stats and /metrics over real HTTP, against a real Caravan and emulated nodes. */
@Tag("end-to-end")
class OpsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Headers an operations answer may carry (":status" is the client's pseudo-header); anything else leaked. */
    private static final Set<String> ALLOWED_HEADERS =
            Set.of(":status", "content-type", "content-length", "www-authenticate");

    @Test
    void healthIsReadyAfterAPollCycleAndDetailsEachNode() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).start()) {
            caravan.node(1).down(true);
            caravan.awaitOnline("bbb2", false);

            HttpResponse<String> response = get(caravan, "/health", null);
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
            JsonNode health = json(response);
            assertEquals("UP", health.get("status").asText());
            assertTrue(health.get("live").asBoolean());
            assertTrue(health.get("ready").asBoolean());
            assertTrue(health.get("pollCycles").asLong() >= 2);
            assertEquals(1, health.get("onlineNodes").asInt());
            JsonNode up = health.get("nodes").get(0);
            assertEquals("bbb1", up.get("name").asText());
            assertEquals("enabled", up.get("state").asText());
            assertTrue(up.get("online").asBoolean());
            assertFalse(up.get("lastPollAt").isNull());
            assertTrue(up.get("lastError").isNull());
            JsonNode down = health.get("nodes").get(1);
            assertEquals("bbb2", down.get("name").asText());
            assertFalse(down.get("online").asBoolean());
            assertFalse(down.get("lastError").isNull(), "why the node is offline is shown");
        }
    }

    @Test
    void caravanWhoseNodesAreAllDownIsStillReady() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).start()) {
            caravan.nodes().forEach(node -> node.down(true));
            caravan.awaitOnline("bbb1", false);
            caravan.awaitOnline("bbb2", false);

            HttpResponse<String> response = get(caravan, "/health", null);
            assertEquals(200, response.statusCode(), "taking Caravan out of rotation would not bring nodes back");
            JsonNode health = json(response);
            assertTrue(health.get("ready").asBoolean());
            assertEquals(0, health.get("onlineNodes").asInt());
        }
    }

    @Test
    void healthIsNotReadyUntilTheFirstPollCycleCompletes() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1)
                .property("caravan.poll.timeout", "60s")
                .prepareNodes(nodes -> nodes.get(0).hang(true))
                .startWithoutWaitingForPolls()) {
            HttpResponse<String> response = get(caravan, "/health", null);
            assertEquals(503, response.statusCode());
            JsonNode health = json(response);
            assertEquals("DOWN", health.get("status").asText());
            assertFalse(health.get("ready").asBoolean());
            assertTrue(health.get("live").asBoolean());
            assertEquals(0, health.get("pollCycles").asLong());

            HttpResponse<String> live = get(caravan, "/health/live", null);
            assertEquals(200, live.statusCode());
            assertTrue(json(live).get("live").asBoolean());

            // the hanging node goes away: its poll fails, the cycle completes, Caravan is ready without nodes
            caravan.node(0).close();
            CaravanUnderTest.await(() -> get(caravan, "/health", null).statusCode() == 200, "ready");
        }
    }

    @Test
    void statsSumTheNodesMeetingsAndAttendees() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).start()) {
            EmulatedNode bbb1 = caravan.node(0);
            EmulatedNode bbb2 = caravan.node(1);
            direct(bbb1).get("create", "name=AA&meetingID=a1");
            direct(bbb1).get("create", "name=AA&meetingID=a2");
            direct(bbb2).get("create", "name=BB&meetingID=b1");
            bbb1.addAttendees("a1", 5);
            bbb1.addAttendees("a2", 3);
            bbb2.addAttendees("b1", 4);
            caravan.awaitPolls(2);

            HttpResponse<String> response = get(caravan, "/stats", null);
            assertEquals(200, response.statusCode(), "open while no admin token is configured");
            JsonNode stats = json(response);
            JsonNode nodes = stats.get("nodes");
            assertEquals(2, nodes.size());
            assertEquals("bbb1", nodes.get(0).get("name").asText());
            assertEquals(2, nodes.get(0).get("meetings").asInt());
            assertEquals(8, nodes.get(0).get("attendees").asInt());
            assertEquals(1, nodes.get(1).get("meetings").asInt());
            assertEquals(4, nodes.get(1).get("attendees").asInt());
            assertEquals(caravan.registry().load("bbb1"), nodes.get(0).get("load").asDouble(), 1e-9);
            assertTrue(nodes.get(0).get("online").asBoolean());
            assertEquals("enabled", nodes.get(0).get("state").asText());

            JsonNode totals = stats.get("totals");
            assertEquals(3, totals.get("meetings").asInt());
            assertEquals(12, totals.get("attendees").asInt());
            assertEquals(2, totals.get("onlineNodes").asInt());
            for (String figure : List.of("meetings", "attendees", "listeners", "voice", "video")) {
                assertEquals(nodes.get(0).get(figure).asInt() + nodes.get(1).get(figure).asInt(),
                        totals.get(figure).asInt(), figure);
            }
            assertEquals(nodes.get(0).get("load").asDouble() + nodes.get(1).get("load").asDouble(),
                    totals.get("load").asDouble(), 1e-9);
            assertTrue(stats.get("tenants").isArray() && stats.get("tenants").isEmpty());
        }
    }

    @Test
    void statsAndMetricsRequireTheAdminTokenWhenOneIsSet() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1)
                .property("caravan.admin.token", "ops-token-123").start()) {
            for (String path : List.of("/stats", "/metrics")) {
                HttpResponse<String> none = get(caravan, path, null);
                assertEquals(401, none.statusCode(), path);
                assertTrue(none.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"));
                assertEquals(401, get(caravan, path, "Bearer wrong-token").statusCode(), path);
                assertEquals(401, get(caravan, path, "ops-token-123").statusCode(), path + " needs the Bearer scheme");
                assertEquals(200, get(caravan, path, "Bearer ops-token-123").statusCode(), path);
            }
            assertEquals(200, get(caravan, "/health", null).statusCode(), "probes need no token");
        }
    }

    @Test
    void metricsCountApiCallsPlacementsChecksumFailuresAndPolls() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).start()) {
            BbbClient client = caravan.client();
            for (int i = 0; i < 4; i++) {
                client.get("create", "name=MM&meetingID=metric-" + i);
            }
            client.get("getMeetingInfo", "meetingID=nobody-has-this");
            client.get("noSuchCall", "");
            client.getUrl(caravan.apiUrl() + "/getMeetings?checksum=0123456789abcdef0123456789abcdef01234567");
            caravan.node(0).addAttendees("metric-0".equals(firstMeeting(caravan.node(0))) ? "metric-0"
                    : firstMeeting(caravan.node(0)), 7);
            caravan.node(1).down(true);
            caravan.awaitOnline("bbb2", false);

            HttpResponse<String> response = get(caravan, "/metrics", null);
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
            String metrics = response.body();

            assertEquals(4, sum(metrics, "caravan_api_calls_total", "call=\"create\"", "result=\"SUCCESS\""));
            assertEquals(1, sum(metrics, "caravan_api_calls_total", "call=\"getMeetingInfo\"",
                    "messageKey=\"notFound\"", "result=\"FAILED\""));
            assertEquals(1, sum(metrics, "caravan_api_calls_total", "call=\"other\"",
                    "messageKey=\"unsupportedRequest\""));
            assertEquals(1, sum(metrics, "caravan_api_calls_total", "call=\"getMeetings\"",
                    "messageKey=\"checksumError\""));
            assertEquals(1, sum(metrics, "caravan_checksum_failures_total"));
            assertEquals(4, sum(metrics, "caravan_api_latency_seconds_count", "call=\"create\""));
            assertTrue(metrics.contains("caravan_api_latency_seconds_bucket{call=\"create\""), "a histogram");
            assertEquals(4, sum(metrics, "caravan_placements_total"));
            assertTrue(sum(metrics, "caravan_placements_total", "node=\"bbb1\"") >= 1, "both nodes took meetings");
            assertTrue(sum(metrics, "caravan_placements_total", "node=\"bbb2\"") >= 1, "both nodes took meetings");

            assertTrue(sum(metrics, "caravan_poll_duration_seconds_count", "node=\"bbb1\"") >= 2);
            assertTrue(sum(metrics, "caravan_poll_failures_total", "node=\"bbb2\"") >= 2);
            assertEquals(0, sum(metrics, "caravan_poll_failures_total", "node=\"bbb1\""));
            assertTrue(sum(metrics, "caravan_poll_cycles_total") >= 2);
            assertEquals(1, sum(metrics, "caravan_node_online", "node=\"bbb1\""));
            assertEquals(0, sum(metrics, "caravan_node_online", "node=\"bbb2\""));
            assertEquals(caravan.node(0).meetingCount(), sum(metrics, "caravan_node_meetings", "node=\"bbb1\""));
            assertEquals(7, sum(metrics, "caravan_node_attendees", "node=\"bbb1\""));
            assertTrue(sum(metrics, "caravan_node_load", "node=\"bbb1\"") >= 7 + 30);
            // the request path (issue #10): calls to nodes, their latency, passive health and in-flight counts
            assertTrue(sum(metrics, "caravan_node_calls_seconds_count", "node=\"bbb1\"", "outcome=\"answered\"")
                    >= 2, "creates and polls answered by bbb1");
            assertTrue(sum(metrics, "caravan_node_latency", "node=\"bbb1\"") > 0);
            assertEquals(0, sum(metrics, "caravan_node_suspect", "node=\"bbb1\""));
            assertEquals(0, sum(metrics, "caravan_node_in_flight", "node=\"bbb1\""));
            assertEquals(1, sum(metrics, "caravan_http_in_flight"), "the /metrics request itself");
            assertEquals(0, sum(metrics, "caravan_http_refused_total"));

            // the JVM's metrics land in the same registry; Camel's per-exchange ones are off (issue #10)
            assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics");
            assertFalse(metrics.contains("camel_exchange_event_notifier"), "no exchange event notifier");
            assertFalse(metrics.contains("camel_route_policy_seconds"), "no route timers by default");
        }
    }

    @Test
    void camelRouteTimersCanBeSwitchedOn() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1)
                .property("camel.metrics.enableRoutePolicy", "true").start()) {
            caravan.client().get("create", "name=MM&meetingID=timed");
            String metrics = get(caravan, "/metrics", null).body();
            assertTrue(sum(metrics, "camel_route_policy_seconds_count", "routeId=\"bbb-api\"") >= 1,
                    "Camel route timers");
            assertFalse(metrics.contains("camel_exchange_event_notifier"), "still no exchange event notifier");
        }
    }

    @Test
    void noSecretAppearsInHealthStatsOrMetrics() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(3)
                .property("caravan.poll.timeout", "300ms").start()) {
            caravan.client().get("create", "name=SS&meetingID=secret-check");
            caravan.client().getUrl(caravan.apiUrl() + "/create?meetingID=x&checksum=bad");
            caravan.node(0).hang(true);      // a timeout message may quote the signed poll URL
            caravan.node(1).garbage(true);
            caravan.awaitOnline("bbb1", false);
            caravan.awaitOnline("bbb2", false);

            for (String path : List.of("/health", "/stats", "/metrics", "/health/live")) {
                HttpResponse<String> response = get(caravan, path, null);
                String everything = response.body() + response.headers().map();
                for (EmulatedNode node : caravan.nodes()) {
                    assertFalse(everything.contains(node.secret()), path + " shows a node secret");
                }
                assertFalse(everything.contains(CaravanUnderTest.SECRET), path + " shows Caravan's secret");
                assertFalse(everything.matches("(?s).*checksum=[0-9a-fA-F]{8}.*"), path + " shows a checksum");
            }
        }
    }

    @Test
    void operationsAnswersCarryOnlyTheirOwnHeaders() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1)
                .property("caravan.admin.token", "ops-token-123").start()) {
            for (String path : List.of("/health", "/health/live", "/stats", "/metrics")) {
                for (String auth : new String[] {null, "Bearer ops-token-123"}) {
                    HttpResponse<String> response = send(HttpRequest.newBuilder(
                            URI.create(caravan.baseUrl() + path + "?leak=query-value&call=x"))
                            .header("X-Leak", "request-header")
                            .header("Authorization", auth == null ? "Basic eDp5" : auth)
                            .GET());
                    for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
                        assertTrue(ALLOWED_HEADERS.contains(header.getKey().toLowerCase()),
                                path + " answered header " + header);
                        assertFalse(header.getValue().toString().contains("ops-token-123"), path);
                    }
                }
            }
        }
    }

    private static String firstMeeting(EmulatedNode node) {
        for (int i = 0; i < 4; i++) {
            if (node.hasMeeting("metric-" + i)) {
                return "metric-" + i;
            }
        }
        throw new AssertionError(node.name() + " has no meeting");
    }

    /** The sum of every sample of this metric whose labels contain all the given pairs. */
    private static double sum(String metrics, String name, String... labels) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            String series = line.substring(0, line.lastIndexOf(' '));
            boolean matches = true;
            for (String label : labels) {
                matches &= series.contains(label);
            }
            if (matches) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static BbbClient direct(EmulatedNode node) {
        return new BbbClient(node.baseUrl(), node.secret());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static HttpResponse<String> get(CaravanUnderTest caravan, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(caravan.baseUrl() + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
