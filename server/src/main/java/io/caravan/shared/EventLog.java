package io.caravan.shared;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What happened to the cluster lately, for the operator looking at the status page: nodes going offline and coming
 * back, state changes, maintenance. Kept in memory and bounded (the oldest event goes when a new one would exceed
 * the capacity): it is this instance's recent story, not an audit log, which is what the log lines are for.
 * <p>
 * Anything may publish here with {@link #record}; events are rare (a few per node per hour), so a lock is cheaper
 * to reason about than anything cleverer. Messages are shown as they are: callers must not put secrets or signed
 * URLs in them.
 */
public final class EventLog {

    /** Kinds Caravan itself publishes; others may publish kinds of their own (e.g. "maintenance"). */
    public static final String NODE_ONLINE = "node-online";
    public static final String NODE_OFFLINE = "node-offline";
    public static final String NODE_STATE = "node-state";
    public static final String NODE_ADDED = "node-added";
    public static final String NODE_REMOVED = "node-removed";

    /**
     * One event.
     *
     * @param id      increasing from 1, so a reader can ask for what came after the last one it saw
     * @param time    when it was recorded
     * @param type    its kind, e.g. {@link #NODE_OFFLINE}
     * @param node    the node it is about, or null
     * @param message what happened, for a person
     */
    public record Event(long id, Instant time, String type, String node, String message) {
    }

    private final int capacity;
    private final ArrayDeque<Event> events;
    private long lastId;

    public EventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("caravan.events.capacity must be at least 1");
        }
        this.capacity = capacity;
        this.events = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** Records an event now; {@code node} may be null for one about no node in particular. */
    public void record(String type, String node, String message) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("an event needs a type");
        }
        synchronized (this) {
            if (events.size() == capacity) {
                events.removeFirst();
            }
            events.addLast(new Event(++lastId, Instant.now(), type, node, message == null ? "" : message));
        }
    }

    /** The latest events after the one with id {@code afterId} (0: from the oldest kept), newest first, at most limit. */
    public synchronized List<Event> latest(long afterId, int limit) {
        List<Event> latest = new ArrayList<>(Math.min(limit, events.size()));
        Iterator<Event> newestFirst = events.descendingIterator();
        while (newestFirst.hasNext() && latest.size() < limit) {
            Event event = newestFirst.next();
            if (event.id() <= afterId) {
                break;
            }
            latest.add(event);
        }
        return latest;
    }

    public int capacity() {
        return capacity;
    }
}
