package io.caravan.storage;

import java.util.Locale;
import java.util.Map;

/**
 * The content type of a recording's file, by its extension: the files bbb's playback formats publish. Not the
 * JDK's {@code Files.probeContentType}, which asks the operating system and answers differently from one machine to
 * the next (and knows no webm on some).
 */
final class PlaybackContentType {

    private static final String UNKNOWN = "application/octet-stream";
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webm", "video/webm"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("m4a", "audio/mp4"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("opus", "audio/ogg"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("xml", "application/xml"),
            Map.entry("json", "application/json"),
            Map.entry("vtt", "text/vtt; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"));

    private PlaybackContentType() {
    }

    static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return UNKNOWN;
        }
        return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), UNKNOWN);
    }
}
