package io.caravan.nodecalls;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Logs failed node calls at most once per node every {@link #INTERVAL_NANOS}, with how many were left out: a hung
 * node answering none of a thousand requests a second must not write a thousand warnings a second.
 */
public final class NodeFailureLog {

    static final long INTERVAL_NANOS = 10_000_000_000L;

    private final Logger log;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public NodeFailureLog(Logger log) {
        this.log = log;
    }

    public void failed(String node, String call, String failure) {
        Window window = windows.computeIfAbsent(node, n -> new Window());
        long now = System.nanoTime();
        long opened = window.opened.get();
        if (opened != 0 && now - opened < INTERVAL_NANOS) {
            window.suppressed.incrementAndGet();
            return;
        }
        if (!window.opened.compareAndSet(opened, now)) {
            window.suppressed.incrementAndGet();
            return;
        }
        long suppressed = window.suppressed.getAndSet(0);
        if (suppressed > 0) {
            log.warn("{} call to node {} failed: {} ({} more failures on this node in the last 10 s not logged)",
                    call, node, failure, suppressed);
        } else {
            log.warn("{} call to node {} failed: {}", call, node, failure);
        }
    }

    private static final class Window {
        private final AtomicLong opened = new AtomicLong();
        private final AtomicLong suppressed = new AtomicLong();
    }
}
