package io.caravan.api;
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
        String segment = raw(http.getRequest().path(), index);
        if (segment == null || segment.isEmpty()) {
            return null;
        }
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    /** Segment {@code index} of the path, leading slashes ignored; read on every API request, so no regex. */
    static String raw(String path, int index) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        for (int i = 0; i < index; i++) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                return null;
            }
            start = slash + 1;
        }
        int end = path.indexOf('/', start);
        return path.substring(start, end < 0 ? path.length() : end);
    }
}
