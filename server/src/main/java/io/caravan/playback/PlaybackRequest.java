package io.caravan.playback;

import java.nio.file.Path;

/**
 * What a playback request asks, read once from the HTTP request (whose headers are then dropped, so none reaches
 * the answer).
 *
 * @param path            where the URL points
 * @param playerFile      the player's own file the URL names (a script, a style sheet), the same for every
 *                        recording; null otherwise
 * @param head            a HEAD request: headers only
 * @param secure          the client came over HTTPS (itself or through the proxy's X-Forwarded-Proto)
 * @param rawPath         the path as sent
 * @param query           the query without the token, as sent; empty when none
 * @param token           the one-time token ({@code ?token=}); null when none
 * @param range           the Range header; null when none
 * @param ifRange         the If-Range header; null when none
 * @param ifNoneMatch     the If-None-Match header; null when none
 * @param ifModifiedSince the If-Modified-Since header; null when none
 * @param cookies         the Cookie header; null when none
 */
public record PlaybackRequest(PlaybackPath path, Path playerFile, boolean head, boolean secure, String rawPath,
        String query, String token, String range, String ifRange, String ifNoneMatch, String ifModifiedSince,
        String cookies) {

    /** The URL of this request without its token (the path, and the rest of the query). */
    String withoutToken() {
        return query.isEmpty() ? rawPath : rawPath + "?" + query;
    }

    /** The page of a recording in the player (not one of the player's own files). */
    boolean playerPage() {
        return path.kind() == PlaybackPath.Kind.PLAYER && playerFile == null;
    }
}
