package io.caravan.meetings;
import static io.caravan.shared.WallClock.millisOf;
import static io.caravan.shared.WallClock.nanosOf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.caravan.meetings.SharedAssignments.Assignment;
import io.caravan.shared.SharedEvents;
import io.caravan.shared.StoreUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * meetingID → node. Fed by placements (create), by polls (what each node reports) and by lookups on the nodes. All
 * changes for one meetingID are atomic, which is what keeps concurrent creates of one meeting on one node.
 *
 * <p>With shared assignments (caravan.store=redis) this is the local cache in front of them: joins and other calls
 * for a known meeting are answered here without a Redis round trip, a create asks Redis and claims the meeting there
 * atomically, and the other instances hear of placements and forgotten meetings through {@link SharedEvents}, so
 * their caches follow within milliseconds. Without Redis a create cannot be decided ({@link StoreUnavailable}); what
 * is cached keeps working.
 */
public final class MeetingDirectory {

    /** Event: a meeting was placed on a node by another instance. */
    public static final String PLACED = "meeting-placed";
    /** Event: a meeting was forgotten (ended, or its node removed) by another instance. */
    public static final String FORGOTTEN = "meeting-forgotten";
    /**
     * How much older than a poll's start a shared assignment must be before that poll may drop or replace it: the
     * placing instance's clock and the polling one's are different clocks, NTP keeps them well within this.
     */
    static final long CLOCK_SKEW_MILLIS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(MeetingDirectory.class);

    private final Cache<String, MeetingLocation> locations;
    private final SharedAssignments shared;
    private final SharedEvents events;
    /**
     * The meetingIDs last seen pointing at each node, so a node's poll touches only its own meetings instead of the
     * whole directory (with hundreds of nodes the difference is a full scan per node per cycle). It may hold IDs
     * that have moved or been evicted since; every use checks the directory itself.
     */
    private final ConcurrentMap<String, Set<String>> byNode = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, String> placedElsewhere = (meeting, node) -> { };
    private volatile BiConsumer<String, String> forgottenElsewhere = (meeting, node) -> { };
    private volatile Consumer<String> endedHere = meeting -> { };
    private volatile Consumer<String> droppedHere = meeting -> { };
    private volatile Consumer<Collection<String>> polledHere = meetings -> { };

    /** One instance on its own: this directory is the whole truth. */
    public MeetingDirectory(long maxMeetings) {
        this(maxMeetings, null, SharedEvents.local());
    }

    /** A cache in front of assignments shared with other instances. */
    public MeetingDirectory(long maxMeetings, SharedAssignments shared, SharedEvents events) {
        // eviction only guards memory: a meeting evicted by mistake is found again in Redis or by a lookup on the nodes
        this.locations = Caffeine.newBuilder().maximumSize(maxMeetings).build();
        this.shared = shared;
        this.events = events;
        events.on(PLACED, event -> {
            String meetingId = event.path("meeting").asText();
            String node = event.path("node").asText();
            MeetingLocation location = new MeetingLocation(node, nanosOf(event.path("at").asLong()));
            locations.put(meetingId, location);
            index(node, meetingId);
            placedElsewhere.accept(meetingId, node);
        });
        events.on(FORGOTTEN, event -> {
            String meetingId = event.path("meeting").asText();
            MeetingLocation location = locations.asMap().remove(meetingId);
            if (location != null) {
                forgottenElsewhere.accept(meetingId, location.node());
            }
        });
    }

    /**
     * Listeners for what other instances did (meetingID, node): a meeting placed, a meeting ended. They let this
     * instance's getMeetings show another instance's changes too.
     */
    public void onChangesElsewhere(BiConsumer<String, String> placed, BiConsumer<String, String> forgotten) {
        this.placedElsewhere = placed;
        this.forgottenElsewhere = forgotten;
    }

    /**
     * Listeners for what this instance learned itself: a meeting ended (an end call), a meeting a poll of its node no
     * longer showed, and the meetings a poll found running. What is kept per meeting elsewhere (its dial-in number)
     * follows these; every instance polls, so with Redis each of them tells its listeners too. A poll's drop is weaker
     * than an end: it also drops a meeting placed moments before the poll started whose create is still on its way.
     */
    public void onLocalChanges(Consumer<String> ended, Consumer<String> dropped, Consumer<Collection<String>> polled) {
        this.endedHere = ended;
        this.droppedHere = dropped;
        this.polledHere = polled;
    }

    public boolean shared() {
        return shared != null;
    }

    /** The meeting's location: from the cache, else from the shared assignments (then cached). */
    public Optional<MeetingLocation> find(String meetingId) {
        MeetingLocation cached = locations.getIfPresent(meetingId);
        if (cached != null || shared == null) {
            return Optional.ofNullable(cached);
        }
        try {
            Assignment assignment = shared.get(meetingId);
            if (assignment == null) {
                return Optional.empty();
            }
            MeetingLocation location = locations.asMap().computeIfAbsent(meetingId,
                    id -> new MeetingLocation(assignment.node(), nanosOf(assignment.placedAtMillis())));
            index(location.node(), meetingId);
            return Optional.of(location);
        } catch (StoreUnavailable e) {
            return Optional.empty(); // the caller asks the nodes, which works without Redis
        }
    }

    /**
     * Decides a meeting's location atomically: {@code decide} gets the current location (or null) and answers the
     * location to keep. Exceptions thrown by {@code decide} leave the directory unchanged.
     */
    public MeetingLocation decide(String meetingId,
            BiFunction<String, MeetingLocation, MeetingLocation> decide) {
        MeetingLocation location = locations.asMap().compute(meetingId,
                shared == null ? decide : (id, cached) -> decideShared(id, cached, decide));
        if (location != null) {
            index(location.node(), meetingId);
        }
        return location;
    }

    /**
     * Decides with the shared assignment as the current location (the cache may be behind another instance), and
     * claims the outcome in Redis. When another instance claimed the meeting first, its node wins.
     */
    private MeetingLocation decideShared(String meetingId, MeetingLocation cached,
            BiFunction<String, MeetingLocation, MeetingLocation> decide) {
        // a second round only when the assignment this one read was forgotten before the claim (an end elsewhere)
        for (int round = 0; round < 2; round++) {
            Assignment assignment = shared.get(meetingId);
            MeetingLocation current = assignment == null ? cached
                    : new MeetingLocation(assignment.node(), nanosOf(assignment.placedAtMillis()));
            MeetingLocation wanted = decide.apply(meetingId, current);
            if (wanted == null || assignment != null && wanted.node().equals(assignment.node())) {
                return wanted;
            }
            Assignment proposed = new Assignment(wanted.node(), millisOf(wanted.placedAtNanos()));
            Assignment stored = shared.claim(meetingId, assignment == null ? null : assignment.node(), proposed);
            if (proposed.equals(stored)) {
                if (wanted != current) {
                    events.publish(PLACED, Map.of("meeting", meetingId, "node", wanted.node(),
                            "at", proposed.placedAtMillis()));
                }
                return wanted;
            }
            if (stored != null) {
                LOG.debug("meeting {} was placed by another instance first", meetingId);
                return new MeetingLocation(stored.node(), nanosOf(stored.placedAtMillis()));
            }
            cached = null;
        }
        throw new StoreUnavailable("the assignment of meeting " + meetingId + " kept changing");
    }

    /** A lookup on the nodes found the meeting on this node. */
    public void remember(String meetingId, String node) {
        long now = System.nanoTime();
        locations.put(meetingId, new MeetingLocation(node, now));
        index(node, meetingId);
        if (shared != null) {
            try {
                shared.learned(meetingId, new Assignment(node, millisOf(now)),
                        System.currentTimeMillis() - CLOCK_SKEW_MILLIS);
            } catch (StoreUnavailable e) {
                LOG.debug("meeting {} on {} not shared: {}", meetingId, node, e.getMessage());
            }
        }
    }

    private void index(String node, String meetingId) {
        byNode.computeIfAbsent(node, k -> ConcurrentHashMap.newKeySet()).add(meetingId);
    }

    /** The meeting ended: forgotten here, in the shared assignments and by the other instances. */
    public void forget(String meetingId) {
        MeetingLocation location = locations.asMap().remove(meetingId);
        if (shared != null) {
            try {
                shared.forget(meetingId, location == null ? null : location.node(), Long.MAX_VALUE);
            } catch (StoreUnavailable e) {
                LOG.debug("meeting {} not forgotten in Redis: {}", meetingId, e.getMessage());
            }
            events.publish(FORGOTTEN, Map.of("meeting", meetingId));
        }
        endedHere.accept(meetingId);
    }

    /**
     * Makes the directory agree with one node's poll: its meetings point to it, and meetings it no longer reports
     * are dropped, unless they were placed after the poll started (the answer could not know them yet).
     */
    public void syncNode(String node, Collection<String> polledMeetingIds, long pollStartedNanos) {
        ConcurrentMap<String, MeetingLocation> map = locations.asMap();
        Set<String> polled = Set.copyOf(polledMeetingIds);
        Set<String> known = byNode.computeIfAbsent(node, k -> ConcurrentHashMap.newKeySet());
        List<String> learned = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String id : polled) {
            map.compute(id, (k, current) -> {
                if (current == null || !current.node().equals(node) && current.placedAtNanos() - pollStartedNanos < 0) {
                    learned.add(id);
                    return new MeetingLocation(node, pollStartedNanos);
                }
                return current;
            });
            known.add(id);
        }
        known.removeIf(id -> {
            MeetingLocation location = map.get(id);
            if (location == null || !location.node().equals(node)) {
                return true;
            }
            if (!polled.contains(id) && location.placedAtNanos() - pollStartedNanos < 0) {
                map.remove(id, location);
                dropped.add(id);
                return true;
            }
            return false;
        });
        if (shared != null) {
            share(node, learned, dropped, millisOf(pollStartedNanos));
        }
        polledHere.accept(polled);
        dropped.forEach(droppedHere);
    }

    /**
     * Tells the shared assignments what a poll changed here. Every instance polls, so every instance does this; the
     * scripts make repeats harmless. Only assignments clearly older than the poll are replaced or dropped.
     */
    private void share(String node, List<String> learned, List<String> dropped,
            long pollStartedMillis) {
        long notBefore = pollStartedMillis - CLOCK_SKEW_MILLIS;
        try {
            for (String id : learned) {
                shared.learned(id, new Assignment(node, pollStartedMillis), notBefore);
            }
            for (String id : dropped) {
                shared.forget(id, node, notBefore);
            }
        } catch (StoreUnavailable e) {
            LOG.debug("poll of {} not shared: {}", node, e.getMessage());
        }
    }

    /**
     * Forgets every meeting of a node (it was removed or panicked). The shared assignments keep pointing at it: the
     * node can no longer serve, so the next create of each meeting claims it for another node.
     */
    public void forgetNode(String node) {
        Set<String> known = byNode.remove(node);
        if (known != null) {
            known.forEach(id -> locations.asMap().computeIfPresent(id,
                    (k, location) -> location.node().equals(node) ? null : location));
        }
    }

    /** How many meetings the directory places on the node: its last poll's and those placed there since. */
    public int countOn(String node) {
        Set<String> known = byNode.get(node);
        return known == null ? 0 : known.size();
    }

    /** How many meetings match (a full scan: used for tenant limits, once per new meeting). */
    public long count(java.util.function.BiPredicate<String, MeetingLocation> matches) {
        return locations.asMap().entrySet().stream().filter(e -> matches.test(e.getKey(), e.getValue())).count();
    }

    public long size() {
        return locations.estimatedSize();
    }
}
