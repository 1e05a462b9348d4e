package io.caravan.wiring;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import io.caravan.config.Settings;
import io.caravan.http.ApiServer;
import io.caravan.http.ApiWorkers;
import io.caravan.http.AsyncHttpEngine;
import io.caravan.http.RequestAdmission;
import io.caravan.http.WorkerHandoff;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServerOptions;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * The API server (Caravan's own: Application forces camel.server.enabled off), the platform-http engine the routes
 * are served through, the admission of requests, and the workers that run the steps that may block.
 */
public class ApiServerConfiguration implements CamelConfiguration {

    /** Lazy: the server, the engine and the handoff below take them. Started now, stopped with the context. */
    @BindToRegistry(lazy = true)
    public ApiWorkers apiWorkers(Settings settings, CamelContext context) throws Exception {
        ApiWorkers workers = new ApiWorkers(settings.workerThreads());
        context.addService(workers, true, true);
        return workers;
    }

    /** Lazy: the engine below takes it. */
    @BindToRegistry(lazy = true)
    public RequestAdmission requestAdmission(Settings settings, PrometheusMeterRegistry meters) {
        RequestAdmission admission = new RequestAdmission(settings.maxInFlight());
        Gauge.builder("caravan.http.in.flight", admission, RequestAdmission::inFlight)
                .description("HTTP requests this instance is working on (at most caravan.http.max-in-flight)")
                .register(meters);
        FunctionCounter.builder("caravan.http.refused", admission, RequestAdmission::refused)
                .description("HTTP requests answered busy at caravan.http.max-in-flight").register(meters);
        return admission;
    }

    /**
     * The API server's configuration, which the engine finds in the registry (it needs the port), and the server,
     * registered with the context. Taking the workers registers them first, so the context stops the server before
     * the workers it hands requests to.
     */
    @BindToRegistry
    public VertxPlatformHttpServerConfiguration apiServerConfiguration(Settings settings, ApiWorkers workers,
            CamelContext context) throws Exception {
        Settings.ServerSettings server = settings.server();
        failFastIfPortTaken(server);
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(server.host());
        configuration.setBindPort(server.port());
        configuration.setMaxBodySize(server.maxBodySize());
        configuration.setServerType(VertxPlatformHttpRouter.SERVER_TYPE_SERVER);
        int formField = (int) Math.min(server.maxBodySize(), Integer.MAX_VALUE);
        HttpServerOptions options = new HttpServerOptions()
                // bbb-web sits behind nginx and Tomcat, whose limits deployments raise for long creates
                .setMaxInitialLineLength(server.maxRequestLine())
                .setMaxHeaderSize(server.maxHeaderSize())
                // a form field may be as long as the body, as in Tomcat (Vert.x: 8 KiB, and 1 KiB while decoding)
                .setMaxFormAttributeSize(formField)
                .setMaxFormBufferedBytes(formField)
                // clients and proxies speak HTTP/1.1 to Caravan; Vert.x's h2c upgrade answers a bad one without end
                .setHttp2ClearTextEnabled(false);
        context.addService(new ApiServer(configuration, options, server.eventLoops()), true, false);
        return configuration;
    }

    /** platform-http looks its engine up under this name before it falls back to the stock Vert.x one. */
    @BindToRegistry(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME)
    public AsyncHttpEngine platformHttpEngine(RequestAdmission admission, ApiWorkers workers) {
        return new AsyncHttpEngine(admission, workers, AsyncHttpEngine::isBbbApi);
    }

    @BindToRegistry
    public WorkerHandoff workerHandoff(ApiWorkers workers, Settings settings) {
        return new WorkerHandoff(workers, settings.store().redis());
    }

    /**
     * Camel logs and keeps running when the API port is taken; an operator must see that at once instead of a
     * Caravan that answers nothing.
     */
    private static void failFastIfPortTaken(Settings.ServerSettings server) {
        String host = server.host();
        int port = server.port();
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " (camel.server.port): "
                    + e.getMessage() + "; is another process using it?", e);
        }
    }
}
