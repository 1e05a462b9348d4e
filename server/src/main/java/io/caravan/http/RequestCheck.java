package io.caravan.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.List;
import java.util.Locale;

/**
 * Decides, right after Netty's HTTP decoder, whether a request is HTTP that Vert.x can take, and marks those it cannot
 * as invalid, so that Vert.x hands them to the server's invalid request handler ({@link RefusedRequests#invalid})
 * instead of its router. Vert.x 4.5 and vertx-web fail on several requests that Netty lets through, with an
 * exception that reaches no handler (the connection then waits for an answer that never comes) or an HTTP 500:
 * <ul>
 *   <li>a Host header with a percent sign makes Vert.x's authority parser index past the value
 *   ({@code HostAndPortImpl.parseRegName} reads {@code charAt(c + 1)} with the character, not its position);</li>
 *   <li>a malformed percent-encoding in the path or query fails vertx-web's routing, its body handler or
 *   platform-http's reading of the query, which then answer 500 or nothing;</li>
 *   <li>an HTTP version other than 1.0 and 1.1 is answered 501, with its own version in the status line;</li>
 *   <li>a form Content-Type on a method other than POST, PUT, PATCH and DELETE makes vertx-web's body handler throw
 *   (it cannot decode a form there), and a multipart Content-Type without boundary makes Netty's form decoder
 *   throw;</li>
 *   <li>CONNECT and TRACE are refused (405), as Tomcat and nginx do.</li>
 * </ul>
 * Requests Netty's decoder already refused (request line or headers beyond the limits, broken syntax) are answered
 * as HTTP/1.1 too: Netty stands in an HTTP/1.0 request for a line it could not read. After an invalid request
 * nothing more is read from the connection, which Vert.x closes once it has answered. One per connection: it counts
 * the requests and answers on it.
 */
final class RequestCheck extends ChannelDuplexHandler {

    /** The name of Vert.x's HTTP/1.x request decoder in the channel pipeline (HttpServerWorker). */
    private static final String DECODER = "httpDecoder";
    private static final List<HttpMethod> FORM_METHODS = List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    /** Requests passed on to Vert.x, and answers to them written (the rest are in progress or pipelined). */
    private long requests;
    private long answers;
    /** After an invalid request nothing more is read: the connection ends with the answers in progress. */
    private boolean discarding;
    private boolean closeWhenAnswered;

    private RequestCheck() {
    }

    /** The server's connection handler: puts a check behind the decoder of every HTTP/1.x connection. */
    static void install(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
            if (pipeline.get(DECODER) != null && pipeline.get(RequestCheck.class) == null) {
                pipeline.addAfter(DECODER, "caravanRequestCheck", new RequestCheck());
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            check(request);
            if (request.decoderResult().isFailure()) {
                discarding = true;
                if (requests > answers) {
                    // pipelined behind a request still being answered: Vert.x would queue it, and fails with a
                    // NullPointerException if the client goes before its turn; the connection ends instead
                    ReferenceCountUtil.release(msg);
                    closeWhenAnswered = true;
                    return;
                }
            }
            requests++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent && !(msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
            answers++;
            if (closeWhenAnswered && answers == requests) {
                promise = promise.unvoid();
                promise.addListener(ChannelFutureListener.CLOSE);
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (discarding && (closeWhenAnswered || !ctx.channel().isActive())) {
            // the decoder's complaints about what follows an invalid request, while the answers before it are
            // written or once the connection is gone; otherwise Vert.x closes the connection on an exception (and
            // fires one itself once it has answered an invalid request)
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    static void check(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
            return;
        }
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.CONNECT) || method.equals(HttpMethod.TRACE)) {
            // as Tomcat and nginx do: Caravan is no proxy, and echoes no request; and Vert.x's node client would
            // turn its connection to the node into a tunnel after a forwarded CONNECT
            refuse(request, 405, method.name() + " is not allowed");
            return;
        }
        String refusal = refusal(request);
        if (refusal != null) {
            refuse(request, 400, refusal);
            return;
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null && isForm(contentType) && !FORM_METHODS.contains(request.method())) {
            // Tomcat reads form parameters of POST alone; here the body stays raw bytes, which vertx-web can read
            request.headers().remove(HttpHeaderNames.CONTENT_TYPE);
        }
    }

    private static void refuse(HttpRequest request, int status, String reason) {
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        request.setDecoderResult(DecoderResult.failure(new RefusedRequest(status, reason)));
    }

    /** Why the request cannot be taken, or null. */
    private static String refusal(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        // the decoder returns these two constants for exactly "HTTP/1.0" and "HTTP/1.1"; anything else is new
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            return "the HTTP version is neither HTTP/1.1 nor HTTP/1.0";
        }
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return "more than one Host header";
        }
        if (hosts.isEmpty() && version == HttpVersion.HTTP_1_1) {
            return "no Host header";
        }
        if (!hosts.isEmpty() && !isHost(hosts.get(0).trim())) {
            return "the Host header is not a host name or address";
        }
        if (!isPercentEncoded(request.uri())) {
            return "malformed percent-encoding in the request target";
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                && !hasBoundary(contentType)) {
            return "multipart/form-data without boundary";
        }
        return null;
    }

    private static boolean isForm(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
    }

    /**
     * {@code host [":" port]} as Tomcat accepts it: a name or IPv4 address of letters, digits, '-', '.', '_' and '~',
     * or an IPv6 literal in brackets, and a port of up to 65535; the empty value (RFC 9112 3.2) too.
     */
    static boolean isHost(String value) {
        int end = value.length();
        int i = 0;
        if (end > 0 && value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (i = 1; i < close; i++) {
                char c = value.charAt(i);
                if (!(isHex(c) || c == ':' || c == '.')) {
                    return false;
                }
            }
            i = close + 1;
        } else {
            while (i < end && isNameChar(value.charAt(i))) {
                i++;
            }
        }
        if (i == end) {
            return true;
        }
        if (value.charAt(i) != ':' || end - i - 1 > 5) {
            return false;
        }
        int port = 0;
        for (i++; i < end; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535;
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** Every '%' of the request target starts a %XX escape. */
    static boolean isPercentEncoded(String target) {
        for (int i = target.indexOf('%'); i >= 0; i = target.indexOf('%', i + 3)) {
            if (i + 2 >= target.length() || !isHex(target.charAt(i + 1)) || !isHex(target.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    /** A non-empty boundary parameter, which Netty's form decoder needs (it reads its first character). */
    private static boolean hasBoundary(String contentType) {
        for (String parameter : contentType.split(";")) {
            String p = parameter.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String boundary = p.substring(9).trim();
                // Netty unquotes "..." by position: a lone quote makes it cut before it starts
                return boundary.length() > (boundary.startsWith("\"") ? 2 : 0);
            }
        }
        return false;
    }
}
