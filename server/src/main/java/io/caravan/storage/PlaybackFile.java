package io.caravan.storage;

import java.net.URI;
import java.nio.file.Path;

/**
 * A file of a stored recording, ready to be served: either a local file Caravan sends itself (with range requests),
 * or, for object storage, a short-lived (presigned) URL the client is redirected to, which serves ranges itself.
 *
 * @param file        the local file; null when {@code redirect} is set
 * @param redirect    where the client fetches the file; null for a local file
 * @param size        its bytes; -1 when unknown (a redirect that was not looked up)
 * @param contentType its content type, by its extension
 */
public record PlaybackFile(Path file, URI redirect, long size, String contentType) {

    public static PlaybackFile local(Path file, long size, String contentType) {
        return new PlaybackFile(file, null, size, contentType);
    }

    public static PlaybackFile redirect(URI location, long size, String contentType) {
        return new PlaybackFile(null, location, size, contentType);
    }

    /** The content type a store gives a file of this name (the types bbb's playback formats publish). */
    public static String contentTypeOf(String fileName) {
        return PlaybackContentType.of(fileName);
    }
}
