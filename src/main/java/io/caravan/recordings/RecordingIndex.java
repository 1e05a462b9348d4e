package io.caravan.recordings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which node holds which recording, fed by the recordings poll. A node that stops answering keeps its recordings
 * listed: they are still on its disk and come back with it. Its operations are coarse on purpose (a whole node's
 * list, one recording, one filtered scan) so that a shared implementation (Redis) can take its place.
 */
public final class RecordingIndex {

    private final Map<String, IndexedRecording> byId = new ConcurrentHashMap<>();

    /** Replaces everything known about nodeName with its latest list. */
    public synchronized void syncNode(String nodeName, List<IndexedRecording> recordings) {
        byId.values().removeIf(r -> r.nodeName().equals(nodeName));
        recordings.forEach(r -> byId.put(r.recordID(), r));
    }

    public Optional<IndexedRecording> get(String recordID) {
        return Optional.ofNullable(byId.get(recordID));
    }

    /** A recording found on its node outside a poll (a lookup); the node's next poll confirms or drops it. */
    public void add(IndexedRecording recording) {
        byId.put(recording.recordID(), recording);
    }

    public void remove(String recordID) {
        byId.remove(recordID);
    }

    /** The recordings that match, in {@link IndexedRecording#ORDER} (what getRecordings answers in). */
    public List<IndexedRecording> find(Predicate<IndexedRecording> filter) {
        return byId.values().stream().filter(filter).sorted(IndexedRecording.ORDER).toList();
    }

    public int size() {
        return byId.size();
    }
}
