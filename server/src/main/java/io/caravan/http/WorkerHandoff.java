package io.caravan.http;

import io.vertx.core.Context;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * A route step after which the exchange continues on {@link ApiWorkers} when the steps that follow may block
 * (caravan.store=redis: meeting assignments and tenant limits are synchronous Redis commands) and it runs on an event
 * loop; right where it is otherwise. Routes place it where such steps begin: at the start of the API pipeline (which
 * starts on the request's event loop), after each call to a node and after a meeting search (which may resume on the
 * node client's event loop).
 */
public final class WorkerHandoff extends AsyncProcessorSupport {

    private final ApiWorkers workers;
    private final boolean blockingStore;

    public WorkerHandoff(ApiWorkers workers, boolean blockingStore) {
        this.workers = workers;
        this.blockingStore = blockingStore;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        if (!blockingStore || !Context.isOnEventLoopThread()) {
            callback.done(true);
            return true;
        }
        try {
            workers.execute(() -> callback.done(false));
        } catch (RuntimeException e) {
            // stopping: the exchange ends with the failure, answered by its route's error handling
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        return false;
    }
}
