package io.caravan.ops;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the operations endpoints' answers. platform-http turns every message header into a response header (and
 * every query parameter into a message header), so each answer starts from an empty header set and carries only its
 * status and content type (and WWW-Authenticate on a 401).
 */
public final class OpsResponses {

    static final String JSON = "application/json";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(OpsResponses.class);

    private final ObjectMapper json = new ObjectMapper();

    /** The body (a report record) as JSON; the status a step before set, else 200. */
    public void json(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        String body = json.writeValueAsString(message.getBody());
        answer(message, message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class), JSON, body);
    }

    public void prometheus(Exchange exchange) {
        Message message = exchange.getMessage();
        answer(message, 200, PROMETHEUS_TEXT, message.getBody(String.class));
    }

    public void unauthorized(Exchange exchange) {
        Message message = exchange.getMessage();
        answer(message, 401, JSON, "{\"error\":\"unauthorized\",\"message\":\"Authorization: Bearer <admin token> required\"}");
        message.setHeader("WWW-Authenticate", "Bearer realm=\"caravan\"");
    }

    /** A bug in an operations endpoint: logged here, never detailed in the answer. */
    public void error(Exchange exchange) {
        LOG.error("operations request {} failed", exchange.getFromRouteId(),
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        answer(exchange.getMessage(), 500, JSON, "{\"error\":\"internalError\"}");
    }

    private static void answer(Message message, int status, String contentType, String body) {
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        // bytes, so platform-http sends a Content-Length: it sends a String chunked over HTTP/1.1
        message.setBody(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }
}
