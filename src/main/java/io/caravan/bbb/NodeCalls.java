package io.caravan.bbb;


import io.vertx.core.buffer.Buffer;
import io.caravan.nodes.InFlightLimit;
import io.caravan.nodes.Node;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;

/**
 * Builds the calls Caravan makes to nodes and reads their answers. Every call is signed with the node's own secret
 * and algorithm; the client's parameters travel byte for byte.
 */
public final class NodeCalls {

    /** Exchange property: the node whose in-flight permit this exchange holds. */
    private static final String PERMIT = "nodePermit";

    private final long forwardTimeoutMillis;
    private final long lookupTimeoutMillis;
    private final InFlightLimit inFlight;

    public NodeCalls(long forwardTimeoutMillis, long lookupTimeoutMillis, InFlightLimit inFlight) {
        this.forwardTimeoutMillis = forwardTimeoutMillis;
        this.lookupTimeoutMillis = lookupTimeoutMillis;
        this.inFlight = inFlight;
    }

    /**
     * Admits a call made on behalf of an API request only while its node has room (see {@link InFlightLimit});
     * polls and admin calls are not API requests and are never refused.
     */
    public void admit(Exchange exchange, @ExchangeProperty(NodeCall.PROPERTY) NodeCall call) {
        if (exchange.getProperty(ApiRequestReader.PROPERTY) == null) {
            return;
        }
        if (!inFlight.tryAcquire(call.nodeName())) {
            throw BbbError.nodeBusy();
        }
        exchange.setProperty(PERMIT, call.nodeName());
    }

    public void release(Exchange exchange) {
        String node = exchange.getProperty(PERMIT, String.class);
        if (node != null) {
            exchange.removeProperty(PERMIT);
            inFlight.release(node);
        }
    }

    /** The client's request, re-signed for the node it goes to. */
    public NodeCall forward(@ExchangeProperty(ApiRequestReader.PROPERTY) ApiRequest request,
            @ExchangeProperty("node") Node node) {
        return signed(node, request.call(), request.unsignedQuery(), request.method(),
                request.hasBody() ? request.contentType() : null, request.hasBody() ? request.body() : null,
                forwardTimeoutMillis);
    }

    /** getMeetingInfo for one meeting on one node: used to find a meeting Caravan does not know about. */
    public NodeCall meetingInfo(@ExchangeProperty("meetingID") String meetingId, Node node) {
        return signed(node, "getMeetingInfo", "meetingID=" + QueryParams.encode(meetingId), "GET", null, null,
                lookupTimeoutMillis);
    }

    public static NodeCall signed(Node node, String call, String unsignedQuery, String method, String contentType,
            byte[] body, long timeoutMillis) {
        String query = Checksum.sign(node.checksum(), call, unsignedQuery, node.secret());
        return new NodeCall(node.name(), call, method, node.callUrl(call, query), contentType, body, timeoutMillis);
    }

    /** Puts the call's body on the message for vertx-http; nothing else travels in headers. */
    public void send(Exchange exchange, @ExchangeProperty(NodeCall.PROPERTY) NodeCall call) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setBody(call.body() == null ? null : Buffer.buffer(call.body()));
    }

    /**
     * Checks the node's HTTP answer and keeps only its body and content type. A node that answers an HTTP error or
     * something that is not a BBB response has failed, whatever its body says.
     */
    public void readAnswer(Exchange exchange, @ExchangeProperty(NodeCall.PROPERTY) NodeCall call) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        byte[] body = message.getBody(byte[].class);
        message.getHeaders().clear();
        if (status != 200) {
            throw new NodeAnswerError(call.nodeName() + " answered " + call.call() + " with HTTP " + status);
        }
        if (!"load".equals(call.call())) {
            NodeAnswers.check(call.call(), body);
            message.setHeader(Exchange.CONTENT_TYPE, contentType != null ? contentType : BbbResponses.CONTENT_TYPE);
        }
        message.setBody(body);
    }

    /** Whether the node's answer (already read) says SUCCESS. */
    public boolean succeeded(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        return NodeAnswers.outcome(NodeAnswers.parse(body)).success();
    }

}
