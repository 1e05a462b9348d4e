package io.caravan.bbb;

import java.util.Set;

import io.caravan.nodes.Node;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of every API answer. platform-http turns message headers into response headers, so only the headers
 * an answer needs survive; and every failure becomes a BBB FAILED answer, never a stack trace or an HTTP 500.
 */
public final class ApiResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ApiResponses.class);
    private static final NodeFailureLog NODE_FAILURES = new NodeFailureLog(LOG);
    private static final Set<String> KEPT = Set.of(Exchange.CONTENT_TYPE.toLowerCase(), "location",
            Exchange.HTTP_RESPONSE_CODE.toLowerCase());

    private final BbbResponses responses;

    public ApiResponses(BbbResponses responses) {
        this.responses = responses;
    }

    public void version(Exchange exchange) {
        answer(exchange.getMessage(), responses.version());
    }

    /** Ends the pipeline: drops every header an HTTP client should not see. */
    public void finish(Exchange exchange) {
        Message message = exchange.getMessage();
        message.getHeaders().keySet().removeIf(name -> !KEPT.contains(name.toLowerCase()));
        if (message.getHeader(Exchange.CONTENT_TYPE) == null && message.getBody() != null) {
            message.setHeader(Exchange.CONTENT_TYPE, BbbResponses.CONTENT_TYPE);
        }
    }

    /** Turns the exception being handled into bbb-web's FAILED answer. */
    public void error(Exchange exchange, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        answer(exchange.getMessage(), BbbResponses.error(toBbbError(exchange, failure)));
    }

    public void unsupportedRequest() {
        throw BbbError.unsupportedRequest();
    }

    public void meetingNotFound() {
        throw BbbError.meetingNotFound();
    }

    public void notRunning(Exchange exchange) {
        answer(exchange.getMessage(), BbbResponses.notRunning());
    }

    static BbbError toBbbError(Exchange exchange, Throwable failure) {
        if (failure instanceof BbbError error) {
            return error;
        }
        if (NodeAnswerError.causedByNode(failure)) {
            Node node = exchange.getProperty("node", Node.class);
            NODE_FAILURES.failed(node == null ? "?" : node.name(), exchange.getProperty("call", String.class),
                    NodeCalls.describe(failure));
            return BbbError.nodeUnreachable();
        }
        LOG.error("{} call failed unexpectedly", exchange.getProperty("call"), failure);
        return BbbError.internalError();
    }

    private static void answer(Message message, String xml) {
        message.getHeaders().clear();
        message.setHeader(Exchange.CONTENT_TYPE, BbbResponses.CONTENT_TYPE);
        message.setBody(xml);
    }
}
