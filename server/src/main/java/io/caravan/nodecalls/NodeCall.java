package io.caravan.nodecalls;


/**
 * One HTTP call to a node, ready to send.
 *
 * @param nodeName      the node's name (for errors and metrics)
 * @param call          the API call (or "load" for the CPU load URL)
 * @param method        GET or POST
 * @param url           absolute URL with the query exactly as it must reach the node
 * @param contentType   the body's content type, or null
 * @param body          the body, or null
 * @param timeoutMillis how long the whole call may take
 */
public record NodeCall(String nodeName, String call, String method, String url, String contentType, byte[] body,
        long timeoutMillis) implements OutgoingCall {

}
