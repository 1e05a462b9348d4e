package io.caravan.routes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/** routes/ops.camel.yaml: health, statistics and metrics, the last two behind the admin token. */
class OpsRoutesTest extends RouteTestSupport {

    @Test
    void healthIsUpWithItsNodes() {
        // ready once a whole poll cycle is done (nodes may be online a moment before it ends)
        await(() -> http("GET", "/health", null).statusCode() == 200, "/health ready");
        HttpResponse<String> health = http("GET", "/health", null);
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
        assertTrue(health.body().contains("bbb1") && health.body().contains("bbb2"), health.body());
        assertFalse(health.body().contains(NODE_SECRET), "no secret in /health");
        assertEquals(200, http("GET", "/health/live", null).statusCode());
    }

    @Test
    void statsAndMetricsNeedTheAdminToken() {
        assertEquals(401, http("GET", "/stats", null).statusCode());
        assertEquals(401, http("GET", "/metrics", "wrong-token").statusCode());
        HttpResponse<String> stats = http("GET", "/stats", ADMIN_TOKEN);
        assertEquals(200, stats.statusCode(), stats.body());
        HttpResponse<String> metrics = http("GET", "/metrics", ADMIN_TOKEN);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("caravan_node_meetings"), "Caravan's own meters are exported");
        assertFalse(metrics.body().contains(NODE_SECRET) || metrics.body().contains(SECRET), "no secret in /metrics");
    }
}
