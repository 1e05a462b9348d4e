package io.caravan.nodes;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An exponentially weighted moving average, updated lock-free from whichever thread a node's answer arrives on. Each
 * sample moves the average a fifth of the way, so a node that turns slow weighs in placement within a handful of
 * calls, and one slow answer does not.
 */
final class Ewma {

    static final double WEIGHT = 0.2;

    private final AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));

    void add(double sample) {
        long current;
        long next;
        do {
            current = bits.get();
            double average = Double.longBitsToDouble(current);
            next = Double.doubleToLongBits(Double.isNaN(average) ? sample : average + WEIGHT * (sample - average));
        } while (!bits.compareAndSet(current, next));
    }

    /** The average, 0 before the first sample. */
    double value() {
        double average = Double.longBitsToDouble(bits.get());
        return Double.isNaN(average) ? 0 : average;
    }
}
