package io.caravan.nodes;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * A bulkhead per node: at most {@code perNode} API calls may wait on one node at a time. platform-http holds a worker
 * thread for every API request until its node answers, so without this a single slow node could take every worker
 * thread and stall requests for meetings on healthy nodes; with it, the excess is refused at once.
 */
public final class InFlightLimit {

    private final int perNode;
    private final ConcurrentMap<String, Semaphore> permits = new ConcurrentHashMap<>();

    public InFlightLimit(int perNode) {
        this.perNode = perNode;
    }

    public boolean tryAcquire(String node) {
        return permits.computeIfAbsent(node, n -> new Semaphore(perNode)).tryAcquire();
    }

    public void release(String node) {
        Semaphore semaphore = permits.get(node);
        if (semaphore != null) {
            semaphore.release();
        }
    }

    /** Calls now waiting on this node. */
    public int inFlight(String node) {
        Semaphore semaphore = permits.get(node);
        return semaphore == null ? 0 : perNode - semaphore.availablePermits();
    }
}
