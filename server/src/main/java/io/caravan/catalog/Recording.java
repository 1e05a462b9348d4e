package io.caravan.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A recording as the catalog keeps it: what getRecordings says of it, plus where it came from.
 *
 * @param recordId          its recordID, the catalog's key
 * @param meetingId         the meetingID as the clients of its tenant know it (without Caravan's tenant namespace)
 * @param internalMeetingId bbb-web's internal meeting id
 * @param tenant            its tenant; null for a recording of no tenant
 * @param name              the meeting's name
 * @param state             bbb-web's state: processing, processed, published, unpublished, deleted
 * @param protectedPlayback playable only through a one-time link ({@code updateRecordings protect=true})
 * @param startTime         epoch milliseconds, as bbb-web's {@code <startTime>}
 * @param endTime           epoch milliseconds, as bbb-web's {@code <endTime>}
 * @param participants      bbb-web's {@code <participants>}
 * @param rawSizeBytes      bbb-web's {@code <rawSize>}
 * @param originNode        the node that recorded it (it may have left the inventory since); null when unknown
 * @param formats           its playback formats, one per type
 * @param metadata          its metadata; names in lower case, as getRecordings' {@code meta_} filters name them
 */
public record Recording(String recordId, String meetingId, String internalMeetingId, String tenant, String name,
        String state, boolean protectedPlayback, long startTime, long endTime, int participants, long rawSizeBytes,
        String originNode, List<RecordingFormat> formats, Map<String, String> metadata) {

    public Recording {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(internalMeetingId, "internalMeetingId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        formats = List.copyOf(formats);
        // lower case here, so that a name written in another case cannot become a second row of the same name
        Map<String, String> names = new LinkedHashMap<>();
        metadata.forEach((key, value) -> names.put(key.toLowerCase(Locale.ROOT), Objects.requireNonNull(value, key)));
        metadata = Collections.unmodifiableMap(names);
    }
}
