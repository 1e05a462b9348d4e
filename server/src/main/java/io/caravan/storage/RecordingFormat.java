package io.caravan.storage;

import java.util.List;

/**
 * One playback format of a recording, as its metadata.xml's {@code <playback>} says: the type (presentation, video,
 * podcast, notes, screenshare...), the link the node published, and times in milliseconds.
 */
public record RecordingFormat(String type, String link, long processingTimeMillis, long durationMillis, long size,
        List<PreviewImage> previewImages) {

    public RecordingFormat {
        previewImages = List.copyOf(previewImages);
    }
}
