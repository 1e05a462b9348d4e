package io.caravan.nodes;

import java.time.Instant;

/**
 * Online/offline with hysteresis: one lost answer must not take a node out, one lucky answer must not put a broken
 * node back. A node starts offline and becomes online after its first successful polls, so Caravan never places a
 * meeting on a node it has not heard from since it started.
 * <p>
 * A failed poll also makes an online node suspect (below) until a poll succeeds, so a node that stops answering
 * gets no new meetings from its first failed poll on, not only once the hysteresis takes it offline.
 * <p>
 * Passive health comes on top: API calls that time out or fail (caravan.health.suspect-after in a row) make an
 * online node suspect at once, between polls. A suspect node takes no new meetings and a create of one of its
 * meetings places it anew; only a successful poll clears it, and the registry asks for that poll at once.
 */
final class NodeHealth {

    private final int offlineAfter;
    private final int onlineAfter;
    private final int suspectAfter;
    private int callFailures;
    private boolean suspect;
    private int failures;
    private int successes;
    private boolean online;
    private Instant lastPollAt;
    private String lastError;

    NodeHealth(int offlineAfter, int onlineAfter, int suspectAfter) {
        this.offlineAfter = offlineAfter;
        this.onlineAfter = onlineAfter;
        this.suspectAfter = suspectAfter;
    }

    /** A successful poll; true when it brought the node online. */
    synchronized boolean success(Instant at) {
        suspect = false;
        callFailures = 0;
        failures = 0;
        successes++;
        lastPollAt = at;
        lastError = null;
        if (!online && successes >= onlineAfter) {
            online = true;
            return true;
        }
        return false;
    }

    /** A failed poll; true when it took the node offline. */
    synchronized boolean failure(Instant at, String error) {
        successes = 0;
        failures++;
        // a failed poll is as much a doubt as a failed call: no new meetings until a poll succeeds again
        suspect = online;
        lastPollAt = at;
        lastError = error;
        if (online && failures >= offlineAfter) {
            online = false;
            return true;
        }
        return false;
    }

    /** An API call answered: the failures before it were not in a row. */
    synchronized void callSucceeded() {
        callFailures = 0;
    }

    /** An API call failed; true when this made the node suspect. */
    synchronized boolean callFailed(String error) {
        callFailures++;
        if (online && !suspect && callFailures >= suspectAfter) {
            suspect = true;
            lastError = error;
            return true;
        }
        return false;
    }

    synchronized boolean suspect() {
        return suspect;
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
