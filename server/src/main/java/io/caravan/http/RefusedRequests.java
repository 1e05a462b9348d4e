package io.caravan.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.caravan.bbb.BbbError;
import io.caravan.bbb.BbbResponses;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests no route answers: those that are not valid HTTP or beyond the server's limits (the server's
 * invalid request handler), and those vertx-web refuses before a route (no route, a body that cannot be read, or an
 * exception in its handlers). Under the BBB API ({@code /bigbluebutton/api...}, {@code /t/{tenant}/bigbluebutton/api...})
 * the answer is bbb-web's FAILED XML, elsewhere {@code {"error": "..."}}; never a 5xx, never an empty body:
 * <ul>
 *   <li>request line, headers, body beyond the limits: 414, 431, 413, messageKey {@code requestTooLarge};</li>
 *   <li>not valid HTTP (see {@link RequestCheck}), or a body that cannot be decoded: 400, {@code invalidRequest}, and
 *   the connection is closed;</li>
 *   <li>a path with no route, a method a route does not take: HTTP 200 {@code unsupportedRequest} under the API
 *   (what bbb-web answers for a call it does not know), 404 or 405 elsewhere.</li>
 * </ul>
 * Each refusal is logged in one line, rate-limited ({@link RefusalLog}).
 */
public final class RefusedRequests {

    private static final Logger LOG = LoggerFactory.getLogger(RefusedRequests.class);
    /**
     * The path of the request Netty stands in for a request line it could not read (HttpRequestDecoder's
     * createInvalidMessage): the real path is unknown, and most such requests are long API creates.
     */
    private static final String UNREAD_PATH = "/bad-request";

    private final RefusalLog log = new RefusalLog(LOG);
    private final int maxRequestLine;
    private final int maxHeaderSize;
    private final long maxBodySize;

    public RefusedRequests(int maxRequestLine, int maxHeaderSize, long maxBodySize) {
        this.maxRequestLine = maxRequestLine;
        this.maxHeaderSize = maxHeaderSize;
        this.maxBodySize = maxBodySize;
    }

    /** The server's invalid request handler: the request failed Netty's decoder or {@link RequestCheck}. */
    public void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        boolean api = UNREAD_PATH.equals(request.uri()) || isBbbApi(request.path());
        if (cause instanceof TooLongHttpLineException) {
            refuse(request, api, 414, BbbError.requestTooLarge("The request line is longer than the " + maxRequestLine
                    + " bytes this server accepts."), "request line longer than " + maxRequestLine
                    + " bytes (caravan.http.max-request-line)", null);
        } else if (cause instanceof TooLongHttpHeaderException) {
            refuse(request, api, 431, BbbError.requestTooLarge("The request headers are larger than the "
                    + maxHeaderSize + " bytes this server accepts."), "headers larger than " + maxHeaderSize
                    + " bytes (caravan.http.max-header-size)", null);
        } else if (cause instanceof RefusedRequest refused && refused.status() == 405) {
            request.response().putHeader("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
            refuse(request, api, 405, BbbError.unsupportedRequest(), refused.getMessage(), null);
        } else if (cause instanceof RefusedRequest refused) {
            refuse(request, api, refused.status(), BbbError.invalidRequest("The request is not valid HTTP: "
                    + refused.getMessage() + "."), refused.getMessage(), null);
        } else {
            refuse(request, api, 400, BbbError.invalidRequest("The request is not valid HTTP."),
                    "not valid HTTP", cause);
        }
    }

    /** The router's error handler (every 4xx and 5xx): vertx-web or a handler before the route failed the request. */
    public void routingFailed(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        Throwable failure = ctx.failure();
        if (response.ended() || response.closed()) {
            // the client went away (mid-body, mostly): there is nobody to answer
            LOG.debug("request to {} ended before its answer: {}", RefusalLog.sanitize(ctx.request().path()),
                    String.valueOf(failure));
            return;
        }
        int status = ctx.statusCode() != -1 ? ctx.statusCode()
                : failure instanceof HttpException http ? http.getStatusCode() : 500;
        if (status < 400) {
            // vertx-web's body handler fails with 200 when reading the body failed for another reason than its
            // decoding (broken chunks, mostly)
            status = 400;
        }
        HttpServerRequest request = ctx.request();
        boolean api = isBbbApi(request.path());
        if (status == 404 || status == 405) {
            if (api) {
                answer(response, 200, BbbError.unsupportedRequest(), true, false);
            } else {
                answer(response, status, new BbbError(status == 404 ? "notFound" : "methodNotAllowed",
                        status == 404 ? "no such resource" : "method not allowed here"), false, false);
            }
        } else if (status == 413) {
            refuse(request, api, 413, BbbError.requestTooLarge("The request body is larger than the " + maxBodySize
                    + " bytes this server accepts."), "body larger than " + maxBodySize
                    + " bytes (camel.server.max-body-size)", null);
        } else if (status == 417) {
            refuse(request, api, 417, BbbError.invalidRequest("The request's Expect header asks for something other "
                    + "than 100-continue."), "Expect other than 100-continue", null);
        } else {
            // a 5xx before the route is a request vertx-web could not read (its body handler, mostly): the request's
            // doing, so a 400; its failure is in the log line
            refuse(request, api, status < 500 ? status : 400, BbbError.invalidRequest("The request cannot be read."),
                    "unreadable request", failure);
        }
    }

    /** An exception a handler of the router threw instead of failing the request. */
    public void unexpected(HttpServerRequest request, Throwable failure) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            LOG.debug("request to {} failed after its answer: {}", RefusalLog.sanitize(request.path()), failure);
            return;
        }
        refuse(request, isBbbApi(request.path()), 400, BbbError.invalidRequest("The request cannot be read."),
                "unreadable request", failure);
    }

    private void refuse(HttpServerRequest request, boolean api, int status, BbbError error, String kind,
            Throwable failure) {
        SocketAddress from = request.remoteAddress();
        String detail = request.method().name().length() > 20 ? "?" : request.method().name();
        detail = RefusalLog.sanitize(detail + " " + request.path()) + " from " + (from == null ? "?" : from.hostAddress());
        if (failure != null) {
            detail += " (" + failure.getClass().getSimpleName() + ": " + RefusalLog.sanitize(failure.getMessage())
                    + ")";
        }
        log.refused(status, kind, detail, failure);
        answer(request.response(), status, error, api, true);
    }

    /**
     * @param close tell the client the connection ends: Vert.x closes it after a request its decoder failed on, and
     *              after other refusals what follows may be the rest of a request that was not read
     */
    private static void answer(HttpServerResponse response, int status, BbbError error, boolean api, boolean close) {
        response.setStatusCode(status);
        if (close) {
            response.putHeader("Connection", "close");
        }
        if (api) {
            response.putHeader("Content-Type", BbbResponses.CONTENT_TYPE).putHeader("Cache-Control", "no-cache")
                    .end(BbbResponses.error(error));
        } else {
            response.putHeader("Content-Type", "application/json").end("{\"error\":\""
                    + new String(JsonStringEncoder.getInstance().quoteAsString(error.getMessage())) + "\"}");
        }
    }

    /**
     * Whether a request path is the BBB API's: /bigbluebutton/api, /bigbluebutton/api/..., /t/{tenant}/bigbluebutton/api
     * and below. (Endpoint paths are matched by {@link AsyncHttpEngine#isBbbApi}.)
     */
    static boolean isBbbApi(String path) {
        if (path == null) {
            return false;
        }
        int start = 0;
        if (path.startsWith("/t/")) {
            int slash = path.indexOf('/', 3);
            if (slash < 0) {
                return false;
            }
            start = slash;
        }
        return path.startsWith("/bigbluebutton/api", start) && (path.length() == start + 18
                || path.charAt(start + 18) == '/');
    }
}
