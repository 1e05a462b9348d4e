package io.caravan.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caravan's HTTP server: Camel's platform-http Vert.x server (its router, body handler and routes stay Camel's),
 * listening with several Vert.x HTTP servers on one port. A Vert.x server created outside a verticle serves every
 * connection on one event loop, and routes now run on the event loop ({@link AsyncHttpConsumer}), so a single
 * server would use one core whatever the machine; Vert.x spreads the connections of servers sharing a port over their
 * event loops. Also the one place where HTTP limits are set (Camel's server takes Vert.x's defaults, such as a
 * 4 KiB request line, shorter than BBB creates).
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

    @Override
    protected void startServer() throws Exception {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()));
        int port = configuration.getBindPort();
        for (int i = 0; i < instances; i++) {
            // listened to from this (non-Vert.x) thread, each server gets an event loop of its own
            Future<HttpServer> listening = getVertx().createHttpServer(new HttpServerOptions(options))
                    .requestHandler(router).listen(port, configuration.getBindHost());
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
