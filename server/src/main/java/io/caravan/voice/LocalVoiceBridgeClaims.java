package io.caravan.voice;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The numbers of one Caravan instance on its own. One lock around two small maps: a claim is a few map operations,
 * far from the cost of the create it belongs to.
 */
public final class LocalVoiceBridgeClaims implements VoiceBridgeClaims {

    /** Who holds a number, or which number a meeting holds; {@code seen} once a poll showed the meeting. */
    private record Held(String holder, long expiresAtMillis, boolean seen) {
    }

    private final Map<String, Held> byNumber = new HashMap<>();
    private final Map<String, Held> byMeeting = new HashMap<>();
    private final LongSupplier clock;
    private int claimsSinceSweep;

    public LocalVoiceBridgeClaims() {
        this(System::currentTimeMillis);
    }

    LocalVoiceBridgeClaims(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public synchronized String claim(String meetingId, List<String> candidates, long ttlMillis) {
        long now = clock.getAsLong();
        if (++claimsSinceSweep >= 1024) {
            // numbers of meetings whose end no poll saw (their node left the inventory) would otherwise stay here
            claimsSinceSweep = 0;
            size();
        }
        Held own = ownNumber(meetingId, now);
        if (own != null) {
            return own.holder();
        }
        for (String number : candidates) {
            String holder = holderOf(number, now);
            if (holder == null || holder.equals(meetingId)) {
                long expires = now + ttlMillis;
                byNumber.put(number, new Held(meetingId, expires, false));
                byMeeting.put(meetingId, new Held(number, expires, false));
                return number;
            }
        }
        return null;
    }

    @Override
    public synchronized String meetingOf(String number) {
        return holderOf(number, clock.getAsLong());
    }

    @Override
    public synchronized void release(String meetingId, boolean seenOnly) {
        Held own = byMeeting.get(meetingId);
        if (own == null || seenOnly && !own.seen()) {
            return;
        }
        byMeeting.remove(meetingId);
        byNumber.computeIfPresent(own.holder(), (number, held) -> held.holder().equals(meetingId) ? null : held);
    }

    @Override
    public synchronized void keep(Collection<String> meetingIds, long ttlMillis) {
        long now = clock.getAsLong();
        long expires = now + ttlMillis;
        for (String meetingId : meetingIds) {
            Held own = ownNumber(meetingId, now);
            if (own != null) {
                byMeeting.put(meetingId, new Held(own.holder(), expires, true));
                byNumber.put(own.holder(), new Held(meetingId, expires, true));
            }
        }
    }

    /** Numbers taken now (expired ones are dropped on the way). */
    synchronized int size() {
        long now = clock.getAsLong();
        byNumber.values().removeIf(held -> held.expiresAtMillis() <= now);
        byMeeting.values().removeIf(held -> held.expiresAtMillis() <= now);
        return byNumber.size();
    }

    /** The meeting's number, if that number is still the meeting's. */
    private Held ownNumber(String meetingId, long now) {
        Held own = live(byMeeting, meetingId, now);
        return own != null && meetingId.equals(holderOf(own.holder(), now)) ? own : null;
    }

    private String holderOf(String number, long now) {
        Held held = live(byNumber, number, now);
        return held == null ? null : held.holder();
    }

    private static Held live(Map<String, Held> map, String key, long now) {
        Held held = map.get(key);
        if (held != null && held.expiresAtMillis() <= now) {
            map.remove(key);
            return null;
        }
        return held;
    }
}
