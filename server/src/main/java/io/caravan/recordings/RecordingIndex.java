package io.caravan.recordings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which node holds which recording, fed by the recordings poll. A node that stops answering keeps its recordings
 * listed: they are still on its disk and come back with it. Its operations are coarse on purpose (a whole node's
 * list, one recording, one filtered scan) so that a shared implementation (Redis) can take its place. Changes are
 * serialized so that the count per node (for the admin API and metrics, read often) never drifts from the index.
 */
public final class RecordingIndex {

    private final Map<String, IndexedRecording> byId = new ConcurrentHashMap<>();
    private final Map<String, Integer> countByNode = new ConcurrentHashMap<>();

    /** Replaces everything known about nodeName with its latest list. */
    public synchronized void syncNode(String nodeName, List<IndexedRecording> recordings) {
        byId.values().removeIf(r -> r.nodeName().equals(nodeName));
        countByNode.remove(nodeName);
        recordings.forEach(this::put);
    }

    public Optional<IndexedRecording> get(String recordID) {
        return Optional.ofNullable(byId.get(recordID));
    }

    /** A recording found on its node outside a poll (a lookup); the node's next poll confirms or drops it. */
    public synchronized void add(IndexedRecording recording) {
        put(recording);
    }

    public synchronized void remove(String recordID) {
        IndexedRecording removed = byId.remove(recordID);
        if (removed != null) {
            count(removed.nodeName(), -1);
        }
    }

    /** The recordings that match, in {@link IndexedRecording#ORDER} (what getRecordings answers in). */
    public List<IndexedRecording> find(Predicate<IndexedRecording> filter) {
        return byId.values().stream().filter(filter).sorted(IndexedRecording.ORDER).toList();
    }

    public int size() {
        return byId.size();
    }

    /** How many recordings the index holds for this node. */
    public int countOn(String nodeName) {
        return countByNode.getOrDefault(nodeName, 0);
    }

    private void put(IndexedRecording recording) {
        IndexedRecording previous = byId.put(recording.recordID(), recording);
        if (previous != null) {
            count(previous.nodeName(), -1);
        }
        count(recording.nodeName(), 1);
    }

    private void count(String nodeName, int delta) {
        countByNode.merge(nodeName, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
}
