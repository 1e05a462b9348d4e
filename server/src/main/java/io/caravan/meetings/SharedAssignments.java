package io.caravan.meetings;

/**
 * The meeting → node assignments every Caravan instance shares (caravan.store=redis). The {@link MeetingDirectory}
 * stays the local cache in front; this is the authority a create asks, so that two instances can never place one
 * meetingID on two nodes. Times are wall-clock milliseconds: instances do not share a {@link System#nanoTime()}.
 * Every method may throw {@link io.caravan.shared.StoreUnavailable}.
 */
public interface SharedAssignments {

    /** The shared assignment of a meeting, or null. */
    Assignment get(String meetingId);

    /**
     * Sets the meeting's node if its shared assignment is still on {@code expectedNode} (null: still has none), in
     * one atomic step; answers the assignment shared afterwards, the caller's or the one another instance made first.
     */
    Assignment claim(String meetingId, String expectedNode, Assignment proposed);

    /**
     * A poll or a lookup found the meeting on this node: shared unless an assignment to another node was made at or
     * after {@code notBeforeMillis} (a placement the poll could not know of yet).
     */
    void learned(String meetingId, Assignment found, long notBeforeMillis);

    /** Drops the assignment if it is on {@code node} (null: any) and was made before {@code placedBeforeMillis}. */
    void forget(String meetingId, String node, long placedBeforeMillis);

    /** A meeting's node and when it was placed there (epoch milliseconds). */
    record Assignment(String node, long placedAtMillis) {
    }
}
