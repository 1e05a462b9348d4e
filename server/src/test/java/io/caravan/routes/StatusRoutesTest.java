package io.caravan.routes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/** routes/status.camel.yaml: the status page shell, which reads everything else from the admin API. */
class StatusRoutesTest extends RouteTestSupport {

    @Test
    void theStatusPageIsServedWithoutData() {
        HttpResponse<String> page = http("GET", "/status", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("/admin/api"), "the page reads the admin API");
        assertFalse(page.body().contains("bbb1") || page.body().contains(NODE_SECRET), "no data in the shell");
    }

    @Test
    void onlyGetIsServed() {
        assertEquals(405, http("POST", "/status", null).statusCode());
    }
}
