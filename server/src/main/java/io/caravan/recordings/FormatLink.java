package io.caravan.recordings;

import io.caravan.catalog.Recording;
import io.caravan.catalog.RecordingFormat;

/**
 * The playback URL getRecordings gives for a format of a recording Caravan keeps: on Caravan's playback host, with
 * the paths BBB's own web server uses, and a one-time token for a protected recording
 * ({@code io.caravan.playback.PlaybackLinks}, which the playback routes check).
 */
@FunctionalInterface
public interface FormatLink {

    /** @param base scheme and host of the playback host, without trailing slash */
    String url(String base, Recording recording, RecordingFormat format);
}
