package io.caravan.playback;

/**
 * A playback request Caravan does not answer with a file: 404 (nothing playable there) or 403 (a protected
 * recording), with a short plain-text reason for the person who opened the link.
 */
public record PlaybackRefusal(int status, String message) {

    static PlaybackRefusal notFound(String message) {
        return new PlaybackRefusal(404, message);
    }

    static PlaybackRefusal forbidden(String message) {
        return new PlaybackRefusal(403, message);
    }
}
