package io.caravan.playback;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Playback requests by outcome ({@code caravan.playback.requests}) and the bytes of the files answered
 * ({@code caravan.playback.bytes}). Every outcome's counter is registered at start, so each series exists (at 0)
 * before its first request and a request costs an array lookup; no URL, recordID or tenant becomes a tag.
 */
public final class PlaybackMetrics {

    /** How a playback request was answered. */
    public enum Outcome {
        /** 200: a whole file */
        SERVED,
        /** 206: a range of a file */
        PARTIAL,
        /** 304: the client's copy is current */
        NOT_MODIFIED,
        /** 404: no such playable recording or file */
        NOT_FOUND,
        /** 403: a protected recording without a valid link or cookie */
        FORBIDDEN,
        /** 416: a range past the end of the file */
        RANGE_NOT_SATISFIABLE,
        /** 301/302: to the directory's slash, past a redeemed link, or to object storage */
        REDIRECTED,
        /** 500: Caravan could not answer (its store or catalog failed) */
        FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String REQUESTS = "caravan.playback.requests";
    static final String BYTES = "caravan.playback.bytes";

    private final Map<Outcome, Counter> requests = new EnumMap<>(Outcome.class);
    private final Counter bytes;

    public PlaybackMetrics(MeterRegistry meters) {
        for (Outcome outcome : Outcome.values()) {
            requests.put(outcome, Counter.builder(REQUESTS).tag("outcome", outcome.tag())
                    .description("playback requests answered, by outcome").register(meters));
        }
        bytes = Counter.builder(BYTES)
                .description("bytes of recording and player files answered (the whole answer, also when the client"
                        + " left early)")
                .register(meters);
    }

    void answered(Outcome outcome) {
        requests.get(outcome).increment();
    }

    void sent(long length) {
        bytes.increment(length);
    }
}
