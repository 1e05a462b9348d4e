package io.caravan.voice;

import java.util.Collection;
import java.util.List;

/**
 * The voiceBridge numbers taken by meetings, over every node and every Caravan instance: in memory
 * ({@link LocalVoiceBridgeClaims}) or in Redis when instances share their state (caravan.store=redis). A number is
 * held by one meeting (its node meetingID) until released or until its time to live passes without a refresh.
 * Every method may throw {@link io.caravan.shared.StoreUnavailable}.
 */
public interface VoiceBridgeClaims {

    /**
     * In one atomic step: the number the meeting already holds, else the first of {@code candidates} that is free
     * (or already the meeting's), now held by it for {@code ttlMillis}; null when every candidate is taken.
     */
    String claim(String meetingId, List<String> candidates, long ttlMillis);

    /** The meeting holding the number, or null. */
    String meetingOf(String number);

    /** The meeting ended: its number is free again. */
    void release(String meetingId);

    /** These meetings are still running: their numbers stay taken for another {@code ttlMillis}. */
    void keep(Collection<String> meetingIds, long ttlMillis);
}
