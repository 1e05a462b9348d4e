package io.caravan.recordings;

import io.caravan.catalog.Recording;
import io.caravan.catalog.RecordingFormat;

/**
 * The playback URL getRecordings gives for a format of a recording Caravan keeps: on Caravan's playback host, with
 * the paths BBB's own web server uses, and a one-time token for a protected recording (the playback routes make
 * and check those).
 */
@FunctionalInterface
public interface FormatLink {

    /** @param base scheme and host of the playback host, without trailing slash */
    String url(String base, Recording recording, RecordingFormat format);

    /**
     * BBB's paths without tokens: the presentation player, the video format's directory, and
     * {@code /<format>/<recordID>/} for the others (podcast, notes, screenshare as bbb publishes them).
     */
    static String bbbPath(Recording recording, RecordingFormat format) {
        return switch (format.type()) {
            case "presentation" -> "/playback/presentation/2.3/" + recording.recordId();
            case "video" -> "/playback/video/" + recording.recordId() + "/";
            case "screenshare" -> "/recording/screenshare/" + recording.recordId() + "/";
            default -> "/" + format.type() + "/" + recording.recordId() + "/";
        };
    }
}
