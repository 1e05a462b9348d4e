package io.caravan.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caravan's HTTP server: Camel's platform-http Vert.x server (its router and routes stay Camel's, its body handler
 * too but for file uploads), listening with several Vert.x HTTP servers on one port. A Vert.x server created outside a verticle serves every
 * connection on one event loop, and routes now run on the event loop ({@link AsyncHttpConsumer}), so a single
 * server would use one core whatever the machine; Vert.x spreads the connections of servers sharing a port over their
 * event loops. Also the one place where HTTP limits are set (Camel's server takes Vert.x's defaults, such as a
 * 4 KiB request line, shorter than BBB creates), and where every request gets an answer: {@link RequestCheck} marks
 * what Vert.x cannot take as invalid, and {@link RefusedRequests} answers the invalid requests, those the router
 * refuses and those its handlers throw on, in BBB XML under the API and JSON elsewhere.
 */
public final class ApiServer extends VertxPlatformHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final VertxPlatformHttpServerConfiguration configuration;
    private final HttpServerOptions options;
    private final int instances;
    private final List<HttpServer> servers = new ArrayList<>();

    /**
     * @param instances Vert.x servers (event loops) sharing the port (caravan.http.event-loops)
     */
    public ApiServer(VertxPlatformHttpServerConfiguration configuration, HttpServerOptions options, int instances) {
        super(configuration);
        this.configuration = configuration;
        this.options = options;
        this.instances = instances;
    }

    /**
     * Camel's server, with a body handler that writes no file uploads to disk. Vert.x's body handler as Camel sets it
     * up checks for its upload directory with blocking calls on the event loop on every form request (and with
     * Camel's file uploads switched off, it makes one in the working directory), streams file parts there, and fails
     * with an exception nobody handles when a client goes away mid-upload. No route reads file uploads (text tracks
     * are read raw).
     */
    @Override
    protected void initializeServer() {
        super.initializeServer();
        String name = VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort());
        VertxPlatformHttpRouter camels = VertxPlatformHttpRouter.lookup(getCamelContext(), name);
        BodyHandler body = BodyHandler.create(false)
                .setBodyLimit(configuration.getMaxBodySize() == null ? -1 : configuration.getMaxBodySize())
                .setMergeFormAttributes(configuration.getBodyHandler().isMergeFormAttributes())
                .setPreallocateBodyBuffer(configuration.getBodyHandler().isPreallocateBodyBuffer());
        // bound by name and class: Camel's (of its own class) would stay beside this one
        getCamelContext().getRegistry().unbind(name);
        getCamelContext().getRegistry().bind(name, new VertxPlatformHttpRouter(this, getVertx(), camels, name,
                configuration.getServerType()) {
            @Override
            public Handler<RoutingContext> bodyHandler() {
                return ctx -> {
                    // as Camel's: the request was paused until its route was found
                    ctx.request().resume();
                    body.handle(ctx);
                };
            }
        });
    }

    @Override
    protected void startServer() throws Exception {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()));
        RefusedRequests refused = new RefusedRequests(options.getMaxInitialLineLength(), options.getMaxHeaderSize(),
                configuration.getMaxBodySize() == null ? -1 : configuration.getMaxBodySize());
        for (int status = 400; status < 600; status++) {
            router.errorHandler(status, refused::routingFailed);
        }
        // vertx-web's body handler fails a request whose connection broke with status 200
        router.errorHandler(200, refused::routingFailed);
        Handler<HttpServerRequest> requests = request -> {
            try {
                router.handle(request);
            } catch (RuntimeException e) {
                // thrown out of vertx-web, it would reach no handler and leave the client waiting
                refused.unexpected(request, e);
            }
        };
        int port = configuration.getBindPort();
        for (int i = 0; i < instances; i++) {
            // listened to from this (non-Vert.x) thread, each server gets an event loop of its own
            Future<HttpServer> listening = getVertx().createHttpServer(new HttpServerOptions(options))
                    .connectionHandler(RequestCheck::install)
                    .invalidRequestHandler(refused::invalid)
                    .requestHandler(requests).listen(port, configuration.getBindHost());
            HttpServer server = listening.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            servers.add(server);
            port = server.actualPort();
        }
        LOG.info("API server on {}:{} ({} event loops)", configuration.getBindHost(), port, instances);
    }

    @Override
    protected void stopServer() {
        for (HttpServer server : servers) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("closing the API server: {}", e.toString());
            }
        }
        servers.clear();
    }

    @Override
    public int getPort() {
        return servers.isEmpty() ? configuration.getBindPort() : servers.get(0).actualPort();
    }
}
