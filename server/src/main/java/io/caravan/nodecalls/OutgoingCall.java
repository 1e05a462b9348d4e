package io.caravan.nodecalls;

/**
 * An HTTP call Caravan makes with vertx-http through {@link RawUrlHttpBinding}: to a node, or to a client's
 * callback URL. The URL is sent exactly as written.
 */
public interface OutgoingCall {

    String method();

    /** Absolute URL, query included, exactly as it must be sent. */
    String url();

    /** The body's content type, or null. */
    String contentType();

    long timeoutMillis();

    /** The Authorization header to send, or null. */
    default String authorization() {
        return null;
    }
}
