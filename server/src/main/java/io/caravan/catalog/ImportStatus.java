package io.caravan.catalog;

import java.time.Instant;

/**
 * Where the transfer of a recording's files into Caravan's storage stands.
 *
 * @param state    pending, imported or failed
 * @param reason   why the last attempt failed; null unless failed
 * @param attempts the attempts so far, successful or not
 * @param time     when the last attempt ended; null before the first
 */
public record ImportStatus(State state, String reason, int attempts, Instant time) {

    /** The stages of an import. */
    public enum State {
        /** catalogued, its files not (yet) in Caravan's storage */
        PENDING,
        /** its files are in Caravan's storage */
        IMPORTED,
        /** the last attempt failed; {@link ImportStatus#reason()} says why */
        FAILED
    }
}
