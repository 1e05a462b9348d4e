package io.caravan.playback;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.caravan.catalog.Recording;
import io.caravan.catalog.RecordingFormat;

/**
 * The playback URL of a recording's format as getRecordings lists it: the link bbb's publish scripts write into
 * metadata.xml, on Caravan's host. A protected recording's link carries a one-time token ({@link PlaybackTokens}),
 * a new one each time a link is made.
 *
 * <p>bbb's links, by format: presentation {@code /playback/presentation/2.3/<recordID>} (the player's page), video
 * {@code /playback/video/<recordID>/}, podcast {@code /podcast/<recordID>/audio.ogg}, notes
 * {@code /notes/<recordID>/notes.pdf} (bbb's default notes format), screenshare
 * {@code /recording/screenshare/<recordID>/}; any other format {@code /playback/<format>/<recordID>/}, which is how
 * bbb's newer formats and the usual third-party ones publish theirs.
 */
public final class PlaybackLinks {

    private final PlaybackTokens tokens;

    public PlaybackLinks(PlaybackTokens tokens) {
        this.tokens = tokens;
    }

    /**
     * @param base      Caravan's URL as clients reach it ({@code https://caravan.example.org}; a trailing slash is
     *                  dropped)
     * @param recording the recording (its recordID and whether it is protected)
     * @param format    one of its formats
     * @return the absolute playback URL of the format, with {@code ?token=...} when the recording is protected
     */
    public String link(String base, Recording recording, RecordingFormat format) {
        String id = segment(recording.recordId());
        String path = switch (format.type()) {
            case "presentation" -> PlaybackPath.PLAYER_PREFIX + id;
            case "podcast" -> "/podcast/" + id + "/audio.ogg";
            case "notes" -> "/notes/" + id + "/notes.pdf";
            case "screenshare" -> "/recording/screenshare/" + id + "/";
            default -> "/playback/" + segment(format.type()) + "/" + id + "/";
        };
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') {
            end--; // a base given with its slash must not double it
        }
        String link = base.substring(0, end) + path;
        return recording.protectedPlayback() ? link + "?token=" + tokens.issue(recording.recordId()) : link;
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
