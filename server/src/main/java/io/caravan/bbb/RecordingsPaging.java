package io.caravan.bbb;

import java.util.List;
import java.util.Optional;

/**
 * getRecordings' offset and limit as bbb-web 2.6+ reads them (MeetingService.getRecordings2x, Integer.parseInt on the
 * untrimmed values): a limit below 1 counts as 1 and above 100 as 100; offset below 0 or not a number counts as 0.
 * A limit that is not a number means no paging: every recording, offset ignored, and no {@code <totalElements>}.
 *
 * @param offset the first recording of the page (0-based)
 * @param limit  at most this many recordings
 */
public record RecordingsPaging(int offset, int limit) {

    /** bbb-web answers at most this many recordings per page. */
    public static final int MAX_LIMIT = 100;

    /** The paging asked for; empty when the request asks for none. */
    public static Optional<RecordingsPaging> of(String limit, String offset) {
        int pageLimit;
        try {
            pageLimit = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(limit)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        int pageOffset;
        try {
            pageOffset = Math.max(0, Integer.parseInt(offset));
        } catch (NumberFormatException e) {
            pageOffset = 0;
        }
        return Optional.of(new RecordingsPaging(pageOffset, pageLimit));
    }

    /** This page of all the recordings found (empty past the end). */
    public <T> List<T> page(List<T> all) {
        return offset >= all.size() ? List.of() : all.subList(offset, Math.min(all.size(), offset + limit));
    }
}
