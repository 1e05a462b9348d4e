package io.caravan.api;
import java.util.Set;
import java.util.function.Supplier;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.bbb.BbbResponses;
import io.caravan.bbb.JoinErrorRedirect;
import io.caravan.inventory.Node;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.nodecalls.NodeFailureLog;
import io.caravan.nodecalls.NodeFailures;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of every API answer. platform-http turns message headers into response headers, so only the headers
 * an answer needs survive; and every refusal or failure becomes a BBB FAILED answer, never a stack trace or an HTTP
 * 500.
 */
public final class ApiResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ApiResponses.class);
    private static final NodeFailureLog NODE_FAILURES = new NodeFailureLog(LOG);
    private static final Set<String> KEPT = Set.of(Exchange.CONTENT_TYPE.toLowerCase(), "location",
            Exchange.HTTP_RESPONSE_CODE.toLowerCase());
    private static final String CACHE_CONTROL = "Cache-Control";

    private final BbbResponses responses;
    private final JoinErrorRedirect joinErrors;
    private final Supplier<String> bbbVersion;

    /** @param bbbVersion the lowest BBB version of the nodes, "" while none has said */
    public ApiResponses(BbbResponses responses, JoinErrorRedirect joinErrors, Supplier<String> bbbVersion) {
        this.responses = responses;
        this.joinErrors = joinErrors;
        this.bbbVersion = bbbVersion;
    }

    /** The version document; in JSON when the request says Content-Type: application/json, as bbb-web decides. */
    public void version(Exchange exchange) {
        Message message = exchange.getMessage();
        boolean json = "application/json".equals(message.getHeader(Exchange.CONTENT_TYPE, String.class));
        if (json) {
            message.getHeaders().clear();
            message.setHeader(Exchange.CONTENT_TYPE, "application/json;charset=utf-8");
            message.setBody(responses.versionJson(bbbVersion.get()));
        } else {
            answer(message, responses.version(bbbVersion.get()));
        }
    }

    /**
     * Ends the pipeline: drops every header an HTTP client should not see, and marks the answer uncacheable as bbb-web
     * does (a cached isMeetingRunning or join would send users to a meeting that has moved or ended).
     */
    public void finish(Exchange exchange) {
        Message message = exchange.getMessage();
        message.getHeaders().keySet().removeIf(name -> !KEPT.contains(name.toLowerCase()));
        message.setHeader(CACHE_CONTROL, "no-cache");
        if (message.getHeader(Exchange.CONTENT_TYPE) == null && message.getBody() != null) {
            message.setHeader(Exchange.CONTENT_TYPE, BbbResponses.CONTENT_TYPE);
        }
    }

    /**
     * Answers the refusal a step recorded ({@link ExchangeProperties#REFUSAL}) as bbb-web does: its FAILED answer (JSON for the calls
     * that answer JSON); for join, bbb-web's redirect of the browser with the error in the URL
     * ({@link JoinErrorRedirect}).
     */
    public void refusal(Exchange exchange, @ExchangeProperty(ExchangeProperties.REFUSAL) BbbError refusal) {
        answerError(exchange, refusal);
    }

    /**
     * Turns the exception being handled (a node that failed, a bug) into bbb-web's FAILED answer, or join's error
     * redirect, like {@link #refusal}.
     */
    public void error(Exchange exchange, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        answerError(exchange, toBbbError(exchange, failure));
    }

    private void answerError(Exchange exchange, BbbError error) {
        if ("join".equals(exchange.getProperty(ExchangeProperties.CALL, String.class))) {
            Message message = exchange.getMessage();
            message.getHeaders().clear();
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
            message.setHeader("Location",
                    joinErrors.location(exchange.getProperty(ExchangeProperties.API_REQUEST, ApiRequest.class), error));
            message.setBody(null);
            exchange.setProperty(ExchangeProperties.REDIRECTED_ERROR, error.messageKey());
            return;
        }
        if (error.json()) {
            Message message = exchange.getMessage();
            message.getHeaders().clear();
            message.setHeader(Exchange.CONTENT_TYPE, "application/json;charset=utf-8");
            message.setBody(BbbResponses.errorJson(error));
            return;
        }
        answer(exchange.getMessage(), BbbResponses.error(error));
    }

    /** Refuses a call Caravan does not serve (unknown, deeper path, blocked in the routes): unsupportedRequest. */
    public void unsupportedRequest(Exchange exchange) {
        exchange.setProperty(ExchangeProperties.REFUSAL, BbbError.unsupportedRequest());
    }

    public void notRunning(Exchange exchange) {
        answer(exchange.getMessage(), BbbResponses.notRunning());
    }

    static BbbError toBbbError(Exchange exchange, Throwable failure) {
        if (failure instanceof BbbError error) {
            return error;
        }
        if (NodeFailures.causedByNode(failure)) {
            Node node = exchange.getProperty(ExchangeProperties.NODE, Node.class);
            NODE_FAILURES.failed(node == null ? "?" : node.name(), exchange.getProperty(ExchangeProperties.CALL, String.class),
                    NodeCalls.describe(failure));
            return BbbError.nodeUnreachable();
        }
        LOG.error("{} call failed unexpectedly", exchange.getProperty(ExchangeProperties.CALL), failure);
        return BbbError.internalError();
    }

    private static void answer(Message message, String xml) {
        message.getHeaders().clear();
        message.setHeader(Exchange.CONTENT_TYPE, BbbResponses.CONTENT_TYPE);
        message.setBody(xml);
    }
}
