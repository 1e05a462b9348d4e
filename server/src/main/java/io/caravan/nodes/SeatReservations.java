package io.caravan.nodes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.caravan.bbb.PolledMeeting;

/**
 * The seats held on one node for meetings placed there with an expected size (a size hint or maxParticipants) whose
 * attendees have not arrived yet. A create is answered long before its attendees join, so without this a lecture
 * expected to fill a node weighs like an empty meeting, and every meeting created in the next minutes lands beside it.
 * <p>
 * A meeting's reservation is its expected size less the most attendees a poll has seen in it, so it fades as people
 * arrive and does not come back when they leave. It ends after the cooldown, when it is fully taken, or when a poll no
 * longer lists a meeting it listed before (the meeting ended). A meeting no poll has listed yet keeps its seats until
 * the cooldown: its create may still be on its way to the node, or may have failed, and the cooldown bounds both.
 */
final class SeatReservations {

    private final Map<String, Reservation> byMeeting = new HashMap<>();

    /** Holds {@code seats} for the meeting from {@code atNanos} for {@code cooldownNanos}; replaces an older hold. */
    synchronized void reserve(String meetingId, int seats, long atNanos, long cooldownNanos) {
        if (seats > 0 && cooldownNanos > 0) {
            byMeeting.put(meetingId, new Reservation(seats, atNanos + cooldownNanos, 0, false));
        }
    }

    /** The meeting's seats are not needed here: it went elsewhere, or it ended. */
    synchronized void release(String meetingId) {
        byMeeting.remove(meetingId);
    }

    /** A poll's answer: attendees seen raise each meeting's peak; ended, expired and fully taken holds go. */
    synchronized void polled(List<PolledMeeting> meetings, long nowNanos) {
        if (byMeeting.isEmpty()) {
            return;
        }
        Map<String, Integer> attendees = new HashMap<>();
        for (PolledMeeting meeting : meetings) {
            attendees.merge(meeting.meetingId(), meeting.attendees(), Math::max);
        }
        byMeeting.entrySet().removeIf(entry -> {
            Reservation held = entry.getValue();
            Integer seen = attendees.get(entry.getKey());
            if (seen == null) {
                return held.listed() || expired(held, nowNanos);
            }
            Reservation updated = new Reservation(held.seats(), held.untilNanos(), Math.max(held.peak(), seen), true);
            entry.setValue(updated);
            return updated.peak() >= updated.seats() || expired(updated, nowNanos);
        });
    }

    /** The seats still expected on the node at this moment. */
    synchronized long seats(long nowNanos) {
        long seats = 0;
        for (Reservation held : byMeeting.values()) {
            if (!expired(held, nowNanos)) {
                seats += Math.max(0, held.seats() - held.peak());
            }
        }
        return seats;
    }

    private static boolean expired(Reservation held, long nowNanos) {
        return nowNanos - held.untilNanos() >= 0;
    }

    /**
     * @param seats      the meeting's expected size
     * @param untilNanos the end of its cooldown ({@link System#nanoTime()})
     * @param peak       the most attendees a poll has seen in it
     * @param listed     whether a poll has listed the meeting
     */
    private record Reservation(int seats, long untilNanos, int peak, boolean listed) {
    }
}
