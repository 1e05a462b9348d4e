package io.caravan.nodecalls;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbResponses;
import io.caravan.bbb.Checksum;
import io.caravan.bbb.NodeAnswerError;
import io.caravan.bbb.NodeAnswers;
import io.caravan.bbb.QueryParams;
import io.caravan.inventory.Node;
import io.caravan.nodes.InFlightLimit;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;

/**
 * Builds the calls Caravan makes to nodes and reads their answers. Every call is signed with the node's own secret
 * and algorithm; the client's parameters travel byte for byte.
 */
public final class NodeCalls {

    /** Calls that are not the node's BBB API (CPU load URL, the version root): no latency, no health. */
    private static final Set<String> PROBES = Set.of("load", "version");

    private final long forwardTimeoutMillis;
    private final long lookupTimeoutMillis;
    private final InFlightLimit inFlight;
    private final NodeRegistry registry;
    private final MeterRegistry meters;
    /** caravan_node_calls_seconds by node and outcome, registered once per series (no histogram: nodes x buckets). */
    private final Map<String, Timer> callTimers = new ConcurrentHashMap<>();

    public NodeCalls(long forwardTimeoutMillis, long lookupTimeoutMillis, InFlightLimit inFlight,
            NodeRegistry registry, MeterRegistry meters) {
        this.forwardTimeoutMillis = forwardTimeoutMillis;
        this.lookupTimeoutMillis = lookupTimeoutMillis;
        this.inFlight = inFlight;
        this.registry = registry;
        this.meters = meters;
    }

    /**
     * Admits a call made on behalf of an API request only while its node has room (see {@link InFlightLimit});
     * polls and admin calls are not API requests and are never refused. The refusal is a {@link NodeSaturated}: the
     * request never reached the node, so a create can go elsewhere.
     */
    public void admit(Exchange exchange, @ExchangeProperty(ExchangeProperties.NODE_CALL) NodeCall call) {
        if (exchange.getProperty(ExchangeProperties.API_REQUEST) == null) {
            return;
        }
        if (!inFlight.tryAcquire(call.nodeName())) {
            throw new NodeSaturated();
        }
        exchange.setProperty(ExchangeProperties.NODE_PERMIT, call.nodeName());
    }

    /**
     * The call is over, answered or not: its permit goes back, its latency is recorded, and a failure (no answer in
     * time, connection lost, an HTTP error, an answer that is not BBB's) counts towards the node's passive health.
     * getMeetings polls do not count there: they are what clears a suspect node.
     */
    public void completed(Exchange exchange, @ExchangeProperty(ExchangeProperties.NODE_CALL) NodeCall call) {
        release(exchange);
        Long sent = (Long) exchange.removeProperty(ExchangeProperties.NODE_CALL_SENT);
        boolean answered = exchange.removeProperty(ExchangeProperties.NODE_CALL_ANSWERED) != null;
        if (sent == null || PROBES.contains(call.call())) {
            return;
        }
        boolean poll = "getMeetings".equals(call.call()) && exchange.getProperty(ExchangeProperties.API_REQUEST) == null;
        String failure = answered ? null
                : describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        long nanos = System.nanoTime() - sent;
        registry.recordCall(call.nodeName(), nanos, !poll, failure);
        String outcome = answered ? "answered" : "failed";
        callTimers.computeIfAbsent(call.nodeName() + '\n' + outcome, key -> Timer.builder("caravan.node.calls")
                .description("calls to a node (API calls, lookups, polls) and their duration, by whether it answered")
                .tag("node", call.nodeName()).tag("outcome", outcome).register(meters))
                .record(Duration.ofNanos(nanos));
    }

    private void release(Exchange exchange) {
        String node = (String) exchange.removeProperty(ExchangeProperties.NODE_PERMIT);
        if (node != null) {
            inFlight.release(node);
        }
    }

    /** A failure as it may be logged: the signed query of a URL (the checksum) is cut. */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        String message = failure.getMessage();
        // Vert.x quotes the signed URL on timeouts; a checksum must not be logged
        String shown = message == null ? "" : ": " + message.replaceAll("\\?\\S*", "?…");
        return failure.getClass().getSimpleName() + shown;
    }

    /**
     * The client's request, re-signed for the node it goes to. A HEAD goes as its GET (the client's answer loses its
     * body on the way back): a node's answer to a HEAD has no body, which would count as the node failing.
     */
    public NodeCall forward(@ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.NODE) Node node) {
        return signed(node, request.call(), request.unsignedQuery(),
                "HEAD".equals(request.method()) ? "GET" : request.method(),
                request.hasBody() ? request.contentType() : null, request.hasBody() ? request.body() : null,
                forwardTimeoutMillis);
    }

    /** getMeetingInfo for one meeting on one node: used to find a meeting Caravan does not know about. */
    public NodeCall meetingInfo(@ExchangeProperty(ExchangeProperties.MEETING_ID) String meetingId, Node node) {
        return signed(node, "getMeetingInfo", "meetingID=" + QueryParams.encode(meetingId), "GET", null, null,
                lookupTimeoutMillis);
    }

    public static NodeCall signed(Node node, String call, String unsignedQuery, String method, String contentType,
            byte[] body, long timeoutMillis) {
        String query = Checksum.sign(node.checksum(), call, unsignedQuery, node.secret());
        return new NodeCall(node.name(), call, method, node.callUrl(call, query), contentType, body, timeoutMillis);
    }

    /** Puts the call's body on the message for vertx-http; nothing else travels in headers. */
    public void send(Exchange exchange, @ExchangeProperty(ExchangeProperties.NODE_CALL) NodeCall call) {
        exchange.setProperty(ExchangeProperties.NODE_CALL_SENT, System.nanoTime());
        exchange.removeProperty(ExchangeProperties.NODE_CALL_ANSWERED);
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setBody(call.body() == null ? null : Buffer.buffer(call.body()));
    }

    /**
     * Checks the node's HTTP answer and keeps only its body and content type. A node that answers an HTTP error or
     * something that is not a BBB response has failed, whatever its body says.
     */
    public void readAnswer(Exchange exchange, @ExchangeProperty(ExchangeProperties.NODE_CALL) NodeCall call) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        byte[] body = message.getBody(byte[].class);
        String location = message.getHeader("Location", String.class);
        message.getHeaders().clear();
        if (status == 302 && "join".equals(call.call()) && location != null) {
            // a join the node refused redirects the browser with the errors in the URL, redirect=false or not:
            // that redirect is the node's answer, passed on as bbb-web gives it
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
            message.setHeader("Location", location);
            message.setBody(null);
            exchange.setProperty(ExchangeProperties.NODE_CALL_ANSWERED, true);
            return;
        }
        if (status != 200) {
            throw new NodeAnswerError(call.nodeName() + " answered " + call.call() + " with HTTP " + status);
        }
        if (!"load".equals(call.call())) {
            NodeAnswers.check(call.call(), body);
            message.setHeader(Exchange.CONTENT_TYPE, contentType != null ? contentType : BbbResponses.CONTENT_TYPE);
        }
        message.setBody(body);
        exchange.setProperty(ExchangeProperties.NODE_CALL_ANSWERED, true);
    }

    /** Whether the node's answer (already read) says SUCCESS. */
    public boolean succeeded(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        return NodeAnswers.outcome(NodeAnswers.parse(body)).success();
    }

}
