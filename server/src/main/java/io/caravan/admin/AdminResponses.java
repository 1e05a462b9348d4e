package io.caravan.admin;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.inventory.InventoryChangeRefused;
import io.caravan.inventory.InventoryError;
import io.caravan.nodecalls.NodeFailures;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of every admin answer: JSON with its status and content type and no other header. Every failure
 * becomes {@code {"error": "..."}} with a status naming its kind; a bug is a 500 whose details stay in the log.
 */
public final class AdminResponses {

    private static final Logger LOG = LoggerFactory.getLogger(AdminResponses.class);
    private static final String JSON = "application/json";

    private final ObjectMapper json = new ObjectMapper();

    public void finish(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        message.getHeaders().clear();
        AdminAnswer answer = body instanceof AdminAnswer a ? a : new AdminAnswer(204, null);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        if (answer.body() == null) {
            message.setBody(null);
        } else {
            message.setHeader(Exchange.CONTENT_TYPE, JSON);
            message.setBody(json.writeValueAsString(answer.body()));
        }
    }

    /** Turns the exception being handled into a JSON error answer. */
    public AdminAnswer error(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AdminError e) {
                return error(e.status(), e.getMessage());
            }
            if (t instanceof InventoryChangeRefused e) {
                return error(switch (e.reason()) {
                    case INVALID -> 400;
                    case UNKNOWN -> 404;
                    case CONFLICT -> 409;
                    case STORE_UNAVAILABLE -> 503;
                }, e.getMessage());
            }
            if (t instanceof InventoryError e) {
                return error(400, e.getMessage());
            }
            if (t instanceof JsonProcessingException e) {
                return error(400, "request body is not valid JSON: " + e.getOriginalMessage());
            }
        }
        if (NodeFailures.causedByNode(failure)) {
            return error(502, "node did not answer: " + failure.getMessage());
        }
        LOG.error("admin request failed unexpectedly", failure);
        return error(500, "internal error (details in Caravan's log)");
    }

    public void methodNotAllowed(@ExchangeProperty(ExchangeProperties.ADMIN_METHOD) String method) {
        throw new AdminError(405, "method " + method + " is not allowed here");
    }

    private static AdminAnswer error(int status, String message) {
        return new AdminAnswer(status, Map.of("error", message == null ? "unknown error" : message));
    }
}
