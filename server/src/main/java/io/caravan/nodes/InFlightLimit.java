package io.caravan.nodes;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bulkhead per node: at most {@code perNode} API calls may wait on one node at a time (caravan.node.max-in-flight).
 * No thread waits for a node, so this bounds what one slow or hung node can hold of the instance (memory, pooled
 * connections, the node's own queue); the excess is refused at once, and placement sends no new meeting to a node
 * without room. The count of calls in flight also weighs in placement (least outstanding requests).
 */
public final class InFlightLimit {

    private final int perNode;
    private final ConcurrentMap<String, Semaphore> permits = new ConcurrentHashMap<>();
    /** Per node: when its count of calls in flight last rose from zero ({@link System#nanoTime()}). */
    private final ConcurrentMap<String, AtomicLong> busySince = new ConcurrentHashMap<>();

    public InFlightLimit(int perNode) {
        this.perNode = perNode;
    }

    public boolean tryAcquire(String node) {
        Semaphore semaphore = permits.computeIfAbsent(node, n -> new Semaphore(perNode));
        if (!semaphore.tryAcquire()) {
            return false;
        }
        if (semaphore.availablePermits() == perNode - 1) {
            busySince.computeIfAbsent(node, n -> new AtomicLong()).set(System.nanoTime());
        }
        return true;
    }

    /**
     * Since when the node has had calls in flight without a break ({@link System#nanoTime()}), or
     * {@link Long#MAX_VALUE} when it has none now.
     */
    public long busySince(String node) {
        AtomicLong since = busySince.get(node);
        return since == null || inFlight(node) == 0 ? Long.MAX_VALUE : since.get();
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
