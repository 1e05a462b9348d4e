package io.caravan.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a recording's metadata.xml files say, read the way bbb-web reads them (RecMeta.getRecMeta): the recording's
 * fields from one format's file, the formats from all of them.
 *
 * @param meetingId the meetingID the meeting was created with ({@code <meeting externalId>}), the one a tenant's
 *                  namespace applies to
 * @param internalMeetingId bbb's internal meeting id ({@code <meeting id>}), empty when the file has no
 *                  {@code <meeting>}
 * @param meta      the {@code <meta>} entries in file order (bbb-origin, meetingName, the create call's meta_*)
 */
public record RecordingMetadata(String recordId, String meetingId, String internalMeetingId, String name, String state,
        boolean published, long startTime, long endTime, int participants, long rawSize, Map<String, String> meta,
        List<RecordingFormat> formats) {

    public RecordingMetadata {
        meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        formats = List.copyOf(formats);
    }
}
