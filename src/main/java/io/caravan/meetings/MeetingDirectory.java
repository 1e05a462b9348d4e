package io.caravan.meetings;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * meetingID → node. Fed by placements (create), by polls (what each node reports) and by lookups on the nodes. All
 * changes for one meetingID are atomic, which is what keeps concurrent creates of one meeting on one node.
 */
public final class MeetingDirectory {

    private final Cache<String, MeetingLocation> locations;
    /**
     * The meetingIDs last seen pointing at each node, so a node's poll touches only its own meetings instead of the
     * whole directory (with hundreds of nodes the difference is a full scan per node per cycle). It may hold IDs
     * that have moved or been evicted since; every use checks the directory itself.
     */
    private final ConcurrentMap<String, Set<String>> byNode = new ConcurrentHashMap<>();

    public MeetingDirectory(long maxMeetings) {
        // eviction only guards memory: a meeting evicted by mistake is found again by a lookup on the nodes
        this.locations = Caffeine.newBuilder().maximumSize(maxMeetings).build();
    }

    public Optional<MeetingLocation> find(String meetingId) {
        return Optional.ofNullable(locations.getIfPresent(meetingId));
    }

    /**
     * Decides a meeting's location atomically: {@code decide} gets the current location (or null) and answers the
     * location to keep. Exceptions thrown by {@code decide} leave the directory unchanged.
     */
    public MeetingLocation decide(String meetingId,
            BiFunction<String, MeetingLocation, MeetingLocation> decide) {
        MeetingLocation location = locations.asMap().compute(meetingId, decide);
        if (location != null) {
            index(location.node(), meetingId);
        }
        return location;
    }

    public void remember(String meetingId, String node) {
        locations.put(meetingId, new MeetingLocation(node, System.nanoTime()));
        index(node, meetingId);
    }

    private void index(String node, String meetingId) {
        byNode.computeIfAbsent(node, k -> ConcurrentHashMap.newKeySet()).add(meetingId);
    }

    public void forget(String meetingId) {
        locations.invalidate(meetingId);
    }

    /**
     * Makes the directory agree with one node's poll: its meetings point to it, and meetings it no longer reports
     * are dropped, unless they were placed after the poll started (the answer could not know them yet).
     */
    public void syncNode(String node, Collection<String> polledMeetingIds, long pollStartedNanos) {
        ConcurrentMap<String, MeetingLocation> map = locations.asMap();
        Set<String> polled = Set.copyOf(polledMeetingIds);
        Set<String> known = byNode.computeIfAbsent(node, k -> ConcurrentHashMap.newKeySet());
        for (String id : polled) {
            map.compute(id, (k, current) -> current == null || !current.node().equals(node)
                    && current.placedAtNanos() - pollStartedNanos < 0
                    ? new MeetingLocation(node, pollStartedNanos) : current);
            known.add(id);
        }
        known.removeIf(id -> {
            MeetingLocation location = map.get(id);
            if (location == null || !location.node().equals(node)) {
                return true;
            }
            if (!polled.contains(id) && location.placedAtNanos() - pollStartedNanos < 0) {
                map.remove(id, location);
                return true;
            }
            return false;
        });
    }

    /** Forgets every meeting of a node (it was removed or panicked). */
    public void forgetNode(String node) {
        Set<String> known = byNode.remove(node);
        if (known != null) {
            known.forEach(id -> locations.asMap().computeIfPresent(id,
                    (k, location) -> location.node().equals(node) ? null : location));
        }
    }

    /** How many meetings match (a full scan: used for tenant limits, once per new meeting). */
    public long count(java.util.function.BiPredicate<String, MeetingLocation> matches) {
        return locations.asMap().entrySet().stream().filter(e -> matches.test(e.getKey(), e.getValue())).count();
    }

    public long size() {
        return locations.estimatedSize();
    }
}
