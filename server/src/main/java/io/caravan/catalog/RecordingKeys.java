package io.caravan.catalog;

import java.util.List;

/**
 * The recordIDs and start times of a catalog query, in getRecordings' order, and how many recordings matched in all.
 *
 * @param keys  the recordings (one page of them when the query asked for one)
 * @param total how many recordings matched in all
 */
public record RecordingKeys(List<Key> keys, long total) {

    public RecordingKeys {
        keys = List.copyOf(keys);
    }

    /** A recording as a listing orders it. */
    public record Key(String recordId, long startTime) {
    }
}
