package io.caravan.shared;

/**
 * Converts between this JVM's {@link System#nanoTime()}, which orders local events, and wall-clock milliseconds,
 * which is the only time instances share (their clocks kept close by NTP).
 */
public final class WallClock {

    private WallClock() {
    }

    /** A wall-clock time (maybe another instance's) as this JVM's nanoTime. */
    public static long nanosOf(long epochMillis) {
        return System.nanoTime() - (System.currentTimeMillis() - epochMillis) * 1_000_000L;
    }

    /** A nanoTime of this JVM as wall-clock milliseconds. */
    public static long millisOf(long nanos) {
        return System.currentTimeMillis() - (System.nanoTime() - nanos) / 1_000_000L;
    }
}
