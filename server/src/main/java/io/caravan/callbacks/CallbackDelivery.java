package io.caravan.callbacks;


/**
 * One callback as it goes to the client.
 *
 * @param kind          the callback
 * @param method        the node's HTTP method
 * @param url           the client's URL, with the node's query appended for GET callbacks
 * @param contentType   the body's content type, or null
 * @param authorization the Authorization header to send, or null
 * @param body          the body, or null
 * @param timeoutMillis how long one attempt may take
 */
public record CallbackDelivery(CallbackKind kind, String method, String url, String contentType, String authorization,
        byte[] body, long timeoutMillis) implements io.caravan.nodecalls.OutgoingCall {

}
