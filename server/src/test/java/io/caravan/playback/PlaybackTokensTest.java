package io.caravan.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.caravan.catalog.Recording;
import io.caravan.catalog.RecordingFormat;
import io.caravan.playback.PlaybackTokens.Redemption;
import org.junit.jupiter.api.Test;

/** One-time links: signed for one recording, spent by their first use, dead after their lifetime. */
class PlaybackTokensTest {

    private static final String ID = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678-1715000000001";
    private static final String OTHER = "b1b2c3d4e5f60718293a4b5c6d7e8f9012345678-1715000000002";

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private Instant now = Instant.parse("2025-05-06T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();
    private final PlaybackSigningKey key = PlaybackSigningKey.of("a-test-key-of-thirty-two-characters!");
    private final PlaybackTokens tokens = new PlaybackTokens(key, new LocalSpentTokens(clock), clock,
            Duration.ofHours(1));

    @Test
    void aTokenOpensItsRecordingOnce() {
        String token = tokens.issue(ID);
        assertEquals(Redemption.REDEEMED, tokens.redeem(ID, token));
        assertEquals(Redemption.SPENT, tokens.redeem(ID, token));
        assertEquals(Redemption.REDEEMED, tokens.redeem(ID, tokens.issue(ID)), "each link has its own token");
    }

    @Test
    void aTokenOpensNoOtherRecording() {
        String token = tokens.issue(ID);
        assertEquals(Redemption.INVALID, tokens.redeem(OTHER, token));
        assertEquals(Redemption.REDEEMED, tokens.redeem(ID, token), "refused elsewhere, it was not spent");
    }

    @Test
    void aTokenExpiresAfterItsLifetime() {
        String token = tokens.issue(ID);
        clock.advance(Duration.ofMinutes(59));
        String later = tokens.issue(ID);
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Redemption.EXPIRED, tokens.redeem(ID, token));
        assertEquals(Redemption.REDEEMED, tokens.redeem(ID, later));
    }

    @Test
    void forgedAndMangledTokensAreInvalid() {
        String token = tokens.issue(ID);
        String[] parts = token.split("\\.");
        String longer = (Long.parseLong(parts[0]) + 86400) + "." + parts[1] + "." + parts[2];
        PlaybackTokens otherKey = new PlaybackTokens(PlaybackSigningKey.of(""), new LocalSpentTokens(clock), clock,
                Duration.ofHours(1));
        for (String forged : List.of(longer, parts[0] + "." + parts[1] + ".AAAA", parts[0] + ".." + parts[2],
                "x." + parts[1] + "." + parts[2], token + ".x", "", "...", "not-a-token", otherKey.issue(ID))) {
            assertEquals(Redemption.INVALID, tokens.redeem(ID, forged), forged);
        }
        assertEquals(Redemption.INVALID, tokens.redeem(ID, null));
        assertEquals(Redemption.REDEEMED, tokens.redeem(ID, token), "the real one still works");
    }

    @Test
    void spentTokensAreForgottenOnlyOnceExpired() {
        LocalSpentTokens spent = new LocalSpentTokens(clock);
        Instant expires = clock.instant().plus(Duration.ofHours(1));
        assertTrue(spent.spend("nonce", expires));
        assertFalse(spent.spend("nonce", expires));
        assertTrue(spent.spend("another", expires));
    }

    @Test
    void aCookieGrantsItsRecordingUntilItsLifetimeEnds() {
        PlaybackCookies cookies = new PlaybackCookies(tokens, clock, Duration.ofHours(4));
        Recording recording = recording(ID, "presentation", "video");
        List<String> setCookies = cookies.grant(recording, true);
        assertEquals(3, setCookies.size(), "one per path the formats are served under: " + setCookies);
        assertTrue(setCookies.get(0).startsWith("caravan_playback="), setCookies.get(0));
        assertTrue(setCookies.get(0).contains("; Path=/playback/presentation/2.3/" + ID + ";"), setCookies.get(0));
        assertTrue(setCookies.get(1).contains("; Path=/presentation/" + ID + ";"), setCookies.get(1));
        assertTrue(setCookies.get(2).contains("; Path=/playback/video/" + ID + ";"), setCookies.get(2));
        assertTrue(setCookies.get(0).endsWith("; Max-Age=14400; HttpOnly; SameSite=Lax; Secure"), setCookies.get(0));
        assertFalse(cookies.grant(recording, false).get(0).contains("Secure"), "no Secure over plain HTTP");

        String header = "other=1; " + setCookies.get(1).substring(0, setCookies.get(1).indexOf(';')) + "; x=y";
        assertTrue(cookies.grants(ID, header));
        assertFalse(cookies.grants(OTHER, header), "one recording's cookie opens no other");
        assertFalse(cookies.grants(ID, "caravan_playback=9999999999.forged"));
        assertFalse(cookies.grants(ID, null));
        assertFalse(cookies.grants(ID, "caravan_playback=garbage"));
        clock.advance(Duration.ofHours(4));
        assertFalse(cookies.grants(ID, header), "expired");
    }

    @Test
    void linksAreBbbsOnCaravansHostWithATokenWhenProtected() {
        PlaybackLinks links = new PlaybackLinks(tokens);
        String base = "https://caravan.example.org";
        Recording open = recording(ID, "presentation", "video", "podcast", "notes", "screenshare", "statistics");
        Map<String, String> expected = Map.of(
                "presentation", base + "/playback/presentation/2.3/" + ID,
                "video", base + "/playback/video/" + ID + "/",
                "podcast", base + "/podcast/" + ID + "/audio.ogg",
                "notes", base + "/notes/" + ID + "/notes.pdf",
                "screenshare", base + "/recording/screenshare/" + ID + "/",
                "statistics", base + "/playback/statistics/" + ID + "/");
        for (RecordingFormat format : open.formats()) {
            assertEquals(expected.get(format.type()), links.link(base, open, format));
        }
        assertEquals(expected.get("video"), links.link(base + "/", open, open.formats().get(1)), "one slash");
        Recording closed = new Recording(ID, "m", "i", null, "n", "published", true, 0, 0, 0, 0, null,
                open.formats(), Map.of());
        String link = links.link(base, closed, closed.formats().get(1));
        assertTrue(link.startsWith(base + "/playback/video/" + ID + "/?token="), link);
        String token = link.substring(link.indexOf("?token=") + 7);
        assertEquals(Redemption.REDEEMED, tokens.redeem(ID, token), "the token needs no decoding");
        assertNotEquals(link, links.link(base, closed, closed.formats().get(1)), "a new token for each link");
    }

    static Recording recording(String recordId, String... formats) {
        List<RecordingFormat> list = java.util.Arrays.stream(formats)
                .map(type -> new RecordingFormat(type, "_/" + recordId + "/" + type + "/", 10, 100, 1000, null))
                .toList();
        return new Recording(recordId, "meeting", "internal", null, "Physics 101", "published", false, 0, 0, 3, 0,
                "bbb1", list, Map.of());
    }
}
