package io.caravan.catalog;

import java.util.List;

/**
 * One page of a catalog query.
 *
 * @param recordings the page, in the order of their start times
 * @param total      how many recordings matched in all (getRecordings' {@code <totalElements>})
 */
public record RecordingPage(List<CatalogEntry> recordings, long total) {

    public RecordingPage {
        recordings = List.copyOf(recordings);
    }
}
