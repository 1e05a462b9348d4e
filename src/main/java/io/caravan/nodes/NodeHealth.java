package io.caravan.nodes;

import java.time.Instant;

/**
 * Online/offline with hysteresis: one lost answer must not take a node out, one lucky answer must not put a broken
 * node back. A node starts offline and becomes online after its first successful polls, so Caravan never places a
 * meeting on a node it has not heard from since it started.
 */
final class NodeHealth {

    private final int offlineAfter;
    private final int onlineAfter;
    private int failures;
    private int successes;
    private boolean online;
    private Instant lastPollAt;
    private String lastError;

    NodeHealth(int offlineAfter, int onlineAfter) {
        this.offlineAfter = offlineAfter;
        this.onlineAfter = onlineAfter;
    }

    synchronized void success(Instant at) {
        failures = 0;
        successes++;
        lastPollAt = at;
        lastError = null;
        if (!online && successes >= onlineAfter) {
            online = true;
        }
    }

    synchronized void failure(Instant at, String error) {
        successes = 0;
        failures++;
        lastPollAt = at;
        lastError = error;
        if (online && failures >= offlineAfter) {
            online = false;
        }
    }

    synchronized boolean online() {
        return online;
    }

    synchronized Instant lastPollAt() {
        return lastPollAt;
    }

    synchronized String lastError() {
        return lastError;
    }
}
