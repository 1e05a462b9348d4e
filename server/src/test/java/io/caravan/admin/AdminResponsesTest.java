package io.caravan.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import io.caravan.inventory.InventoryError;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** How admin steps answer or record a refusal thrown deep inside them, and let every other failure through. */
class AdminResponsesTest {

    // an exchange only needs a context to belong to: one, never built or started, is cheaper than the tests
    private static final CamelContext CAMEL = new DefaultCamelContext(false);

    private static Exchange exchange() {
        return new DefaultExchange(CAMEL);
    }

    @Test
    void aRefusalThrownInsideAnAnsweringStepIsItsAnswer() {
        AdminAnswer answer = AdminResponses.answering(() -> {
            throw AdminError.conflict("tenant 'acme' already exists");
        });
        assertEquals(new AdminAnswer(409, Map.of("error", "tenant 'acme' already exists")), answer);
    }

    @Test
    void aBodyThatIsNotJsonAndAnEntryTheInventoryRefusesAreBadRequests() {
        AdminAnswer notJson = AdminResponses.answering(() -> {
            AdminBodies.entry("{\"name\":", Map.of("name", "name"), Set.of("name"));
            return AdminAnswer.ok(Map.of());
        });
        assertEquals(400, notJson.status());
        assertTrue(String.valueOf(notJson.body()).contains("request body is not valid JSON: "), notJson.toString());
        AdminAnswer invalid = AdminResponses.answering(() -> {
            throw new InventoryError("node 'bbb9': url is required");
        });
        assertEquals(new AdminAnswer(400, Map.of("error", "node 'bbb9': url is required")), invalid);
    }

    @Test
    void aRefusalIsFoundAmongTheCausesOfAFailure() {
        AdminAnswer answer = AdminResponses.answering(() -> {
            throw new IllegalStateException("wrapped", AdminError.notFound("unknown node 'bbb9'"));
        });
        assertEquals(new AdminAnswer(404, Map.of("error", "unknown node 'bbb9'")), answer);
    }

    @Test
    void aFailureThatIsNoRefusalGoesToTheErrorHandler() {
        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AdminResponses.answering(() -> {
            throw bug;
        })));
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AdminResponses.checking(exchange(), () -> {
            throw bug;
        })));
    }

    @Test
    void aCheckingStepRecordsItsRefusalForTheRouteAndReturnsNothing() {
        Exchange refused = exchange();
        String value = AdminResponses.checking(refused, () -> {
            throw AdminError.notFound("unknown meeting 'm' (not in the nodes' last polls)");
        });
        assertNull(value);
        assertEquals(new AdminAnswer(404, Map.of("error", "unknown meeting 'm' (not in the nodes' last polls)")),
                refused.getProperty(ExchangeProperties.ADMIN_REFUSAL));

        Exchange passed = exchange();
        assertEquals("call", AdminResponses.checking(passed, () -> "call"));
        assertNull(passed.getProperty(ExchangeProperties.ADMIN_REFUSAL));
    }

    @Test
    void theGateAndTheMethodCheckRecordTheirRefusals() {
        Exchange noToken = exchange();
        new AdminGate("s3cret-token").authorize(noToken, null);
        assertEquals(401, noToken.getProperty(ExchangeProperties.ADMIN_REFUSAL, AdminAnswer.class).status());
        Exchange off = exchange();
        new AdminGate("").authorize(off, "Bearer anything");
        assertEquals(403, off.getProperty(ExchangeProperties.ADMIN_REFUSAL, AdminAnswer.class).status());
        Exchange allowed = exchange();
        new AdminGate("s3cret-token").authorize(allowed, "Bearer s3cret-token");
        assertNull(allowed.getProperty(ExchangeProperties.ADMIN_REFUSAL));

        Exchange put = exchange();
        new AdminResponses().methodNotAllowed(put, "PUT");
        assertEquals(new AdminAnswer(405, Map.of("error", "method PUT is not allowed here")),
                put.getProperty(ExchangeProperties.ADMIN_REFUSAL));
    }
}
