package io.caravan.nodes;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * A bulkhead per node: at most {@code perNode} API calls may wait on one node at a time (caravan.node.max-in-flight).
 * No thread waits for a node, so this bounds what one slow or hung node can hold of the instance (memory, pooled
 * connections, the node's own queue); the excess is refused at once, and placement sends no new meeting to a node
 * without room. The count of calls in flight also weighs in placement (least outstanding requests).
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

    /** Whether one more call may go to this node now. */
    public boolean hasRoom(String node) {
        return inFlight(node) < perNode;
    }

    /** Calls now waiting on this node. */
    public int inFlight(String node) {
        Semaphore semaphore = permits.get(node);
        return semaphore == null ? 0 : perNode - semaphore.availablePermits();
    }
}
