package io.caravan.bbb;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Path parameters read from the request path itself. platform-http puts path parameters and query parameters into
 * the same message headers, so {@code ?call=join} or {@code ?name=other} could replace them; the path cannot lie.
 */
public final class RequestPath {

    private RequestPath() {
    }

    /** The decoded path segment at this index ({@code /a/b/c}: 0 is a), or null when the path is shorter. */
    public static String segment(Message message, int index) {
        if (!(message instanceof HttpMessage http)) {
            return null;
        }
        String[] segments = http.getRequest().path().replaceFirst("^/+", "").split("/");
        if (index >= segments.length || segments[index].isEmpty()) {
            return null;
        }
        try {
            return URLDecoder.decode(segments[index].replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segments[index];
        }
    }
}
