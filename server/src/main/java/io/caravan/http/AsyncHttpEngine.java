package io.caravan.http;

import java.util.function.Predicate;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The platform-http engine of Caravan's API server: Camel's Vert.x engine with {@link AsyncHttpConsumer}s, bound in
 * the registry as {@code platform-http-engine} so platform-http uses it instead of the stock one. Everything else
 * (server, router, body handling, response writing) stays Camel's.
 */
public final class AsyncHttpEngine extends VertxPlatformHttpEngine {

    private final RequestAdmission admission;
    private final ApiWorkers workers;
    private final Predicate<String> eventLoopPaths;

    /**
     * @param eventLoopPaths which endpoint paths run their route on the event loop; the others (and every step after
     *                       a {@link WorkerHandoff}) run on the workers
     */
    public AsyncHttpEngine(RequestAdmission admission, ApiWorkers workers, Predicate<String> eventLoopPaths) {
        this.admission = admission;
        this.workers = workers;
        this.eventLoopPaths = eventLoopPaths;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new AsyncHttpConsumer(endpoint, processor, VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()),
                admission, workers, eventLoopPaths);
    }

    /** The BBB API's paths: /bigbluebutton/api... and /t/{tenant}/bigbluebutton/api... */
    public static boolean isBbbApi(String path) {
        return path.startsWith("/bigbluebutton/api") || path.startsWith("/t/{tenant}/bigbluebutton/api");
    }
}
