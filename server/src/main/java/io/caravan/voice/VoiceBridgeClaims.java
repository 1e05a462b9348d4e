package io.caravan.voice;

import java.util.Collection;
import java.util.List;

/**
 * The voiceBridge numbers taken by meetings, over every node and every Caravan instance: in memory
 * ({@link LocalVoiceBridgeClaims}) or in Redis when instances share their state (caravan.store=redis). A number is
 * held by one meeting (its node meetingID) until released or until its time to live passes without a refresh. A
 * claim no poll has seen yet is "placing": a poll that does not show its meeting cannot release it, as the create
 * may still be on its way to the node. Every method may throw {@link io.caravan.shared.StoreUnavailable}.
 */
public interface VoiceBridgeClaims {

    /**
     * In one atomic step: the number the meeting already holds, else the first of {@code candidates} that is free
     * (or already the meeting's), now held by it, placing, for {@code ttlMillis}; null when every candidate is taken.
     */
    String claim(String meetingId, List<String> candidates, long ttlMillis);

    /** The meeting holding the number, or null. */
    String meetingOf(String number);

    /** The meeting is gone: its number is free again; when {@code seenOnly}, only if a poll had seen the meeting. */
    void release(String meetingId, boolean seenOnly);

    /** A poll saw these meetings running: their numbers are theirs, seen, for another {@code ttlMillis}. */
    void keep(Collection<String> meetingIds, long ttlMillis);
}
