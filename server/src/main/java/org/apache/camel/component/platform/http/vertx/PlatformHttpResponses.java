package org.apache.camel.component.platform.http.vertx;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Opens platform-http-vertx's own response writer (package-private in Camel 4.18) to Caravan's asynchronous consumer
 * ({@code io.caravan.http.AsyncHttpConsumer}), so that answers are written exactly as the stock consumer writes them:
 * status code, header filtering, content length and body conversions stay Camel's.
 */
public final class PlatformHttpResponses {

    private PlatformHttpResponses() {
    }

    public static Future<Void> write(RoutingContext ctx, Exchange exchange, HeaderFilterStrategy headerFilterStrategy,
            boolean muteExceptions) {
        return VertxPlatformHttpSupport.writeResponse(ctx, exchange, headerFilterStrategy, muteExceptions);
    }

    /**
     * The status and headers of the answer as {@link #write} sets them, for a body the caller sends itself (a file):
     * nothing is written yet, and the answer is not chunked, so the caller sets its Content-Length.
     */
    public static void prepareHead(RoutingContext ctx, Exchange exchange, HeaderFilterStrategy headerFilterStrategy) {
        VertxPlatformHttpSupport.toHttpResponse(ctx, exchange.getMessage(), headerFilterStrategy, true);
        ctx.response().setChunked(false);
    }
}
