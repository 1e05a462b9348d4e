package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The count of recordings per node follows every change of the index. */
class RecordingIndexTest {

    private static IndexedRecording on(String node, String recordID) {
        return new IndexedRecording(recordID, node, "m", "published", 0, Map.of(), "<recording/>");
    }

    @Test
    void countsPerNodeFollowPollsLookupsAndDeletes() {
        RecordingIndex index = new RecordingIndex();
        index.syncNode("a", List.of(on("a", "r1"), on("a", "r2")));
        index.syncNode("b", List.of(on("b", "r3")));
        assertEquals(2, index.countOn("a"));
        assertEquals(1, index.countOn("b"));
        assertEquals(0, index.countOn("c"));

        index.add(on("b", "r4"));
        index.add(on("b", "r4")); // found twice: counted once
        assertEquals(2, index.countOn("b"));
        index.add(on("b", "r1")); // a lookup found r1 on b: it is b's now
        assertEquals(1, index.countOn("a"));
        assertEquals(3, index.countOn("b"));

        index.remove("r3");
        index.remove("r3");
        index.remove("never-there");
        assertEquals(2, index.countOn("b"));

        index.syncNode("a", List.of());
        index.syncNode("b", List.of(on("b", "r5")));
        assertEquals(0, index.countOn("a"));
        assertEquals(1, index.countOn("b"));
        assertEquals(1, index.size());
    }
}
