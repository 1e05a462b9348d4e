package io.caravan.http;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

import io.caravan.bbb.BbbError;
import io.caravan.bbb.BbbResponses;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.PlatformHttpResponses;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.util.CollectionHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * platform-http's Vert.x consumer, run through Camel's asynchronous routing engine. The stock consumer (4.18) hands
 * every exchange to {@code executeBlocking} and the synchronous processor, so a worker thread waits for as long as a
 * node takes to answer. Here the route starts on the request's event loop (or, for routes with blocking steps, on
 * {@link ApiWorkers}) and the thread is released as soon as the exchange goes asynchronous; the node client's
 * completion resumes it, and the answer is written back on the request's own context.
 */
final class AsyncHttpConsumer extends VertxPlatformHttpConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncHttpConsumer.class);

    private final RequestAdmission admission;
    private final ApiWorkers workers;
    private final boolean onEventLoop;
    private final boolean bbbApi;

    AsyncHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor, String routerName,
            RequestAdmission admission, ApiWorkers workers, Predicate<String> eventLoopPaths) {
        super(endpoint, processor, List.of(), routerName);
        this.admission = admission;
        this.workers = workers;
        this.onEventLoop = eventLoopPaths.test(endpoint.getPath());
        this.bbbApi = AsyncHttpEngine.isBbbApi(endpoint.getPath());
    }

    @Override
    protected void handleRequest(RoutingContext ctx) {
        if (isSuspended()) {
            ctx.response().setStatusCode(503).end();
            return;
        }
        if (!admission.tryEnter()) {
            answerBusy(ctx);
            return;
        }
        Context context = Vertx.currentContext();
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        io.vertx.core.Future<Void> reading;
        try {
            reading = processHttpRequest(exchange, ctx);
        } catch (RuntimeException e) {
            fail(exchange, ctx, e);
            return;
        }
        reading.onComplete(read -> {
            if (read.failed()) {
                fail(exchange, ctx, read.cause());
                return;
            }
            copyFormToHeaders(ctx, exchange);
            if (onEventLoop) {
                route(exchange, ctx, context);
            } else {
                try {
                    workers.execute(() -> route(exchange, ctx, context));
                } catch (RuntimeException e) {
                    fail(exchange, ctx, e);
                }
            }
        });
    }

    private void route(Exchange exchange, RoutingContext ctx, Context context) {
        try {
            createUoW(exchange);
        } catch (Exception e) {
            fail(exchange, ctx, e);
            return;
        }
        getAsyncProcessor().process(exchange, doneSync -> {
            if (doneSync && Vertx.currentContext() == context) {
                respond(exchange, ctx);
            } else {
                // resumed on the node client's event loop or a worker: the response belongs to its own context
                context.runOnContext(v -> respond(exchange, ctx));
            }
        });
    }

    private void respond(Exchange exchange, RoutingContext ctx) {
        HeaderFilterStrategy headers = new AnswerHeaders(getEndpoint().getHeaderFilterStrategy());
        if (exchange.getException() == null && exchange.getMessage().getBody() instanceof FileBody file) {
            sendFile(exchange, ctx, headers, file);
            return;
        }
        PlatformHttpResponses.write(ctx, exchange, headers, getEndpoint().isMuteException()).onComplete(written -> {
            if (written.failed()) {
                // the client went away before its answer: nothing to tell it, and nothing worth a stack trace
                LOG.debug("answer to {} not written: {}", ctx.request().path(), written.cause().toString());
            }
            complete(exchange);
        });
    }

    /**
     * A file answer, sent by Vert.x from the file (Camel's writer would read it through an InputStream, chunked and
     * without a length). The exchange is complete once the headers are on their way: the route's work is done, and a
     * video that takes an hour to download must not hold one of caravan.http.max-in-flight for that hour.
     */
    private void sendFile(Exchange exchange, RoutingContext ctx, HeaderFilterStrategy headers, FileBody file) {
        HttpServerResponse response = ctx.response();
        try {
            if (response.ended()) {
                return;
            }
            PlatformHttpResponses.prepareHead(ctx, exchange, headers);
            response.putHeader("Content-Length", Long.toString(file.length()));
            if (ctx.request().method() == HttpMethod.HEAD) {
                response.end();
                return;
            }
            response.sendFile(file.file().toString(), file.offset(), file.length()).onComplete(sent -> {
                if (sent.failed()) {
                    fileNotSent(ctx, sent.cause());
                }
            });
        } catch (RuntimeException e) {
            fileNotSent(ctx, e);
        } finally {
            complete(exchange);
        }
    }

    /** The file went away (a recording replaced or deleted meanwhile) or the client did. */
    private static void fileNotSent(RoutingContext ctx, Throwable failure) {
        LOG.debug("file answer to {} not sent: {}", ctx.request().path(), failure.toString());
        HttpServerResponse response = ctx.response();
        if (!response.headWritten() && !response.ended()) {
            response.headers().clear();
            response.setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("Cache-Control", "no-store").end("not found\n");
        } else if (!response.ended()) {
            // part of the body is out: the client can only learn of it from the connection closing
            response.reset();
        }
    }

    private void fail(Exchange exchange, RoutingContext ctx, Throwable failure) {
        LOG.debug("request to {} failed before its route: {}", ctx.request().path(), String.valueOf(failure));
        if (!ctx.response().ended()) {
            if (failure instanceof RejectedExecutionException) {
                // the workers are stopping with Caravan
                answerBusy(ctx);
            } else {
                // answered by the router's error handler (RefusedRequests)
                ctx.fail(failure);
            }
        }
        complete(exchange);
    }

    private void complete(Exchange exchange) {
        try {
            doneUoW(exchange);
            releaseExchange(exchange, false);
        } finally {
            admission.leave();
        }
    }

    /** BBB's answer under the API paths (HTTP 200, bbb-web never answers 5xx); JSON with 503 elsewhere. */
    private void answerBusy(RoutingContext ctx) {
        if (bbbApi) {
            ctx.response().putHeader("Content-Type", BbbResponses.CONTENT_TYPE).putHeader("Cache-Control", "no-cache")
                    .end(BbbResponses.error(BbbError.loadBalancerBusy()));
        } else {
            ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                    .putHeader("Retry-After", "1")
                    .end("{\"error\":\"Caravan has too many requests in flight; try again shortly\"}");
        }
    }

    /**
     * The stock consumer also offers the fields of a form POST as message headers; routes an integrator writes may
     * read them that way, so they keep doing so. Caravan's own steps read the form from the request itself.
     */
    private void copyFormToHeaders(RoutingContext ctx, Exchange exchange) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            return;
        }
        HeaderFilterStrategy filter = getEndpoint().getHeaderFilterStrategy();
        MultiMap form = ctx.request().formAttributes();
        for (String name : form.names()) {
            for (String value : form.getAll(name)) {
                if (filter == null || !filter.applyFilterToExternalHeaders(name, value, exchange)) {
                    CollectionHelper.appendEntry(exchange.getIn().getHeaders(), name, value);
                }
            }
        }
    }
}
