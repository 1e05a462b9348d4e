package io.caravan.catalog;

import java.util.Objects;

/**
 * One playback format of a recording, as getRecordings lists it under {@code <playback>}.
 *
 * @param type                 presentation, video, podcast, notes, screenshare, ...
 * @param location             its playback URL, or its path in Caravan's storage once imported
 * @param lengthMinutes        bbb-web's {@code <length>}, in minutes
 * @param sizeBytes            the bytes of its files
 * @param processingTimeMillis how long the node took to process it
 * @param previewJson          its preview images as a JSON array, kept as text (never queried); null when none
 */
public record RecordingFormat(String type, String location, int lengthMinutes, long sizeBytes,
        long processingTimeMillis, String previewJson) {

    public RecordingFormat {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(location, "location");
    }
}
