package io.caravan.playback;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.caravan.catalog.Recording;
import io.caravan.catalog.RecordingFormat;

/**
 * The cookie a redeemed one-time link leaves: it lets the browser fetch the protected recording's files (the player
 * loads dozens, a video is read range by range) for caravan.recordings.playback.cookie-lifetime. It is set once per
 * URL path the recording's formats are served under ({@link PlaybackPath#prefixes}), so the browser sends it with
 * that recording's requests only; its value, {@code <expiry>.<signature>}, is signed with the recordID, so a cookie
 * of one recording opens no other, whatever path it is sent to. HttpOnly (no script reads it) and SameSite=Lax (no
 * other site's page loads the files with it); Secure when the request came over HTTPS.
 */
public final class PlaybackCookies {

    static final String NAME = "caravan_playback";
    private static final String PURPOSE = "caravan-playback-cookie\n";

    private final PlaybackSigningKey key;
    private final Clock clock;
    private final Duration lifetime;

    /**
     * @param tokens   the one-time tokens, whose key signs the cookies too
     * @param lifetime caravan.recordings.playback.cookie-lifetime
     */
    public PlaybackCookies(PlaybackTokens tokens, Clock clock, Duration lifetime) {
        this.key = tokens.key();
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** The Set-Cookie header values that grant the recording's playback from now. */
    public List<String> grant(Recording recording, boolean secure) {
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        String value = expires + "." + key.sign(PURPOSE + recording.recordId() + "\n" + expires);
        Set<String> paths = new LinkedHashSet<>();
        for (RecordingFormat format : recording.formats()) {
            paths.addAll(PlaybackPath.prefixes(recording.recordId(), format.type()));
        }
        List<String> cookies = new ArrayList<>();
        for (String path : paths) {
            cookies.add(NAME + "=" + value + "; Path=" + path + "; Max-Age=" + lifetime.toSeconds()
                    + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
        }
        return cookies;
    }

    /** Whether a Cookie header (null when none) carries an unexpired grant of this recording. */
    public boolean grants(String recordId, String cookieHeader) {
        if (cookieHeader == null) {
            return false;
        }
        for (String pair : cookieHeader.split(";")) {
            int equals = pair.indexOf('=');
            if (equals < 0 || !pair.substring(0, equals).trim().equals(NAME)) {
                continue;
            }
            // the browser may send several of that name (paths that nest); any valid one grants
            if (valid(recordId, pair.substring(equals + 1).trim())) {
                return true;
            }
        }
        return false;
    }

    private boolean valid(String recordId, String value) {
        int dot = value.indexOf('.');
        if (dot < 1 || dot > 12 || !value.substring(0, dot).chars().allMatch(Character::isDigit)) {
            return false;
        }
        String expires = value.substring(0, dot);
        return key.verify(PURPOSE + recordId + "\n" + expires, value.substring(dot + 1))
                && clock.instant().getEpochSecond() < Long.parseLong(expires);
    }
}
