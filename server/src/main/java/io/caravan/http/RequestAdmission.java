package io.caravan.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one bound on HTTP requests in flight in this instance (caravan.http.max-in-flight). No thread waits for a node
 * any more, so nothing else would stop a flood of requests to hung nodes from filling the heap; past the bound a
 * request is answered at once without running its route.
 */
public final class RequestAdmission {

    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder refused = new LongAdder();

    public RequestAdmission(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("caravan.http.max-in-flight must be at least 1");
        }
        this.max = max;
    }

    public boolean tryEnter() {
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            refused.increment();
            return false;
        }
        return true;
    }

    public void leave() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int max() {
        return max;
    }

    /** Requests answered busy since start. */
    public long refused() {
        return refused.sum();
    }
}
