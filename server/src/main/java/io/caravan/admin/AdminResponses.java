package io.caravan.admin;
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
 * The last step of every admin answer: JSON with its status and content type and no other header. Every refusal and
 * failure becomes {@code {"error": "..."}} with a status naming its kind; a bug is a 500 whose details stay in the
 * log. Refusals are answered by the steps themselves ({@link #answering}, {@link #checking}), never thrown into the
 * route.
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

    /** Turns the exception being handled (a node that does not answer, a bug) into a JSON error answer. */
    public AdminAnswer error(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        AdminAnswer refusal = refusal(failure);
        if (refusal != null) {
            return refusal;
        }
        if (NodeFailures.causedByNode(failure)) {
            return AdminAnswer.error(502, "node did not answer: " + failure.getMessage());
        }
        LOG.error("admin request failed unexpectedly", failure);
        return AdminAnswer.error(500, "internal error (details in Caravan's log)");
    }

    /** Refuses a method the path does not take (405), recorded in {@link ExchangeProperties#ADMIN_REFUSAL}. */
    public void methodNotAllowed(Exchange exchange, @ExchangeProperty(ExchangeProperties.ADMIN_METHOD) String method) {
        exchange.setProperty(ExchangeProperties.ADMIN_REFUSAL, AdminAnswer.error(405, "method " + method + " is not allowed here"));
    }

    /**
     * The answer to a refused request, when the failure is one (anywhere in its causes): an {@link AdminError} with its
     * status, an {@link InventoryChangeRefused} with the status of its reason, a body that is not JSON or an entry the inventory does not accept a 400; null for any other failure.
     */
    static AdminAnswer refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AdminError e) {
                return AdminAnswer.error(e.status(), e.getMessage());
            }
            if (t instanceof InventoryChangeRefused e) {
                return AdminAnswer.error(switch (e.reason()) {
                    case INVALID -> 400;
                    case UNKNOWN -> 404;
                    case CONFLICT -> 409;
                    case STORE_UNAVAILABLE -> 503;
                }, e.getMessage());
            }
            if (t instanceof InventoryError e) {
                return AdminAnswer.error(400, e.getMessage());
            }
            if (t instanceof JsonProcessingException e) {
                return AdminAnswer.error(400, "request body is not valid JSON: " + e.getOriginalMessage());
            }
        }
        return null;
    }

    /** The work of an admin step, which refuses the request by throwing from however deep (see {@link #refusal}). */
    @FunctionalInterface
    interface Step<T> {
        T run() throws JsonProcessingException;
    }

    /**
     * The answer of a step that answers: its own, or its refusal's ({@link #refusal}); so no refusal leaves the bean.
     * Any other failure propagates to the route's error handler.
     */
    static AdminAnswer answering(Step<AdminAnswer> step) {
        try {
            return step.run();
        } catch (JsonProcessingException e) {
            return refusal(e);
        } catch (RuntimeException e) {
            AdminAnswer refusal = refusal(e);
            if (refusal == null) {
                throw e;
            }
            return refusal;
        }
    }

    /**
     * The value of a step that checks before the answer, or null with its refusal's answer recorded in
     * {@link ExchangeProperties#ADMIN_REFUSAL} for the route to answer and stop. Any other failure propagates to the route's error handler.
     */
    static <T> T checking(Exchange exchange, Step<T> step) {
        try {
            return step.run();
        } catch (JsonProcessingException e) {
            exchange.setProperty(ExchangeProperties.ADMIN_REFUSAL, refusal(e));
            return null;
        } catch (RuntimeException e) {
            AdminAnswer refusal = refusal(e);
            if (refusal == null) {
                throw e;
            }
            exchange.setProperty(ExchangeProperties.ADMIN_REFUSAL, refusal);
            return null;
        }
    }
}
