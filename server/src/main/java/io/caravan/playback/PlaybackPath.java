package io.caravan.playback;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.caravan.storage.RecordingArchive;

/**
 * Where a playback URL points. Caravan keeps BBB's own paths, as BBB's nginx serves them, so bbb-playback and the
 * links people saved keep working with only the host changed:
 * <ul>
 * <li>{@code /playback/presentation/2.3/<anything>}: the presentation player (bbb-playback), see {@link Kind#PLAYER};</li>
 * <li>{@code /presentation/<recordID>/<path>}, {@code /podcast/<recordID>/<path>}, {@code /notes/<recordID>/<path>}:
 * the file {@code <format>/<path>} of the recording;</li>
 * <li>{@code /playback/<format>/<recordID>/<path>} (video) and {@code /recording/<format>/<recordID>/<path>}
 * (screenshare): the same for any format.</li>
 * </ul>
 * A path ending in a slash is the {@code index.html} of that directory; a recording's directory named without its
 * slash is {@link Kind#DIRECTORY}, redirected to it (as nginx does), since its page's relative links need the slash.
 *
 * <p>Paths are read as the client sent them, each segment percent-decoded once: a segment that decodes to
 * {@code .} or {@code ..}, holds a slash, a backslash, a colon or a control character, an empty segment inside the
 * path, a recordID or format that could not be a stored one, and bad percent-encoding or UTF-8 are no playback path.
 *
 * @param kind     what the path points at
 * @param recordId the recording; for the player, its first segment when that could be a recordID, else null
 * @param file     a recording's file relative to the recording ({@code presentation/shapes.svg}); for the player,
 *                 the path inside the player's directory (maybe empty); for a directory, the URL with its slash
 */
public record PlaybackPath(Kind kind, String recordId, String file) {

    /** What a playback path points at. */
    public enum Kind {
        /** a file of a recording */
        FILE,
        /** a recording's directory without its trailing slash */
        DIRECTORY,
        /** a path of the presentation player: one of its files, or the page of a recording */
        PLAYER
    }

    /** bbb-playback's path; bbb 2.3 and later publish presentation links to it. */
    public static final String PLAYER_PREFIX = "/playback/presentation/2.3/";
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String INDEX = "index.html";

    /** The playback path of a request path as the client sent it (still percent-encoded); empty when it is none. */
    public static Optional<PlaybackPath> of(String rawPath) {
        Optional<List<String>> decoded = segments(rawPath);
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        List<String> segments = decoded.get();
        if (segments.size() >= 3 && segments.get(0).equals("playback") && segments.get(1).equals("presentation")
                && segments.get(2).equals("2.3")) {
            List<String> rest = segments.subList(3, segments.size());
            String first = rest.isEmpty() ? "" : rest.get(0);
            return Optional.of(new PlaybackPath(Kind.PLAYER, isRecordId(first) ? first : null, String.join("/", rest)));
        }
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        String format;
        int recordAt;
        switch (segments.get(0)) {
            case "presentation", "podcast", "notes" -> {
                format = segments.get(0);
                recordAt = 1;
            }
            case "playback", "recording" -> {
                format = segments.size() > 1 ? segments.get(1) : "";
                recordAt = 2;
            }
            default -> {
                return Optional.empty();
            }
        }
        if (segments.size() <= recordAt || !FORMAT.matcher(format).matches()
                || !isRecordId(segments.get(recordAt))) {
            return Optional.empty();
        }
        String recordId = segments.get(recordAt);
        List<String> rest = new ArrayList<>(segments.subList(recordAt + 1, segments.size()));
        if (rest.isEmpty()) {
            return Optional.of(new PlaybackPath(Kind.DIRECTORY, recordId, rawPath + "/"));
        }
        if (rest.get(rest.size() - 1).isEmpty()) {
            rest.set(rest.size() - 1, INDEX);
        }
        return Optional.of(new PlaybackPath(Kind.FILE, recordId, format + "/" + String.join("/", rest)));
    }

    /**
     * The URL paths a format of a recording is served under (without trailing slash, as a cookie's Path): those
     * {@link PlaybackLinks} links to, and for a presentation the player's page too.
     */
    public static List<String> prefixes(String recordId, String format) {
        return switch (format) {
            case "presentation" -> List.of(PLAYER_PREFIX + recordId, "/presentation/" + recordId);
            case "podcast", "notes" -> List.of("/" + format + "/" + recordId);
            case "screenshare" -> List.of("/recording/screenshare/" + recordId);
            default -> List.of("/playback/" + format + "/" + recordId);
        };
    }

    static boolean isRecordId(String text) {
        return RecordingArchive.RECORD_ID.matcher(text).matches();
    }

    /**
     * The decoded segments after the leading slash; a trailing slash leaves a last empty segment. Empty when the
     * path breaks a rule of the class comment.
     */
    static Optional<List<String>> segments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.empty();
        }
        String[] raw = rawPath.substring(1).split("/", -1);
        List<String> segments = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            boolean last = i == raw.length - 1;
            String segment = decode(raw[i]);
            if (segment == null || segment.isEmpty() && !last || !safe(segment)) {
                return Optional.empty();
            }
            segments.add(segment);
        }
        return Optional.of(segments);
    }

    private static boolean safe(String segment) {
        if (segment.equals(".") || segment.equals("..")) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '\\' || c == ':' || c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Percent-decoding of one segment ({@code +} stays a plus, as in a path); null when malformed. */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                if (c > 0x7f) {
                    return null; // a client sends non-ASCII percent-encoded
                }
                bytes.write(c);
                continue;
            }
            if (i + 2 >= segment.length()) {
                return null;
            }
            int high = Character.digit(segment.charAt(i + 1), 16);
            int low = Character.digit(segment.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
