package io.caravan.playback;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The one-time tokens of protected recordings' playback links ({@code ?token=...}), which getRecordings hands out
 * (through {@link PlaybackLinks}) and the first playback request redeems. A token is
 * {@code <expiry>.<nonce>.<signature>}: the expiry in epoch seconds, a random nonce, and the HMAC of both with the
 * recordID, so a token names no recording in itself and opens only the one it was made for.
 */
public final class PlaybackTokens {

    /** What redeeming a token came to. */
    public enum Redemption {
        /** valid, unused until now, and now spent */
        REDEEMED,
        /** valid, but used before */
        SPENT,
        /** signed by Caravan, but past its expiry */
        EXPIRED,
        /** not a token, or not signed for this recording */
        INVALID
    }

    private static final String PURPOSE = "caravan-playback-token\n";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final PlaybackSigningKey key;
    private final SpentTokens spent;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param lifetime caravan.recordings.playback.token-lifetime: how long a link may wait for its first use
     */
    public PlaybackTokens(PlaybackSigningKey key, SpentTokens spent, Clock clock, Duration lifetime) {
        this.key = key;
        this.spent = spent;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** The key, which also signs the cookies a redeemed token leaves ({@link PlaybackCookies}). */
    PlaybackSigningKey key() {
        return key;
    }

    /** A new token for the recording, valid for the lifetime from now. */
    public String issue(String recordId) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String unsigned = clock.instant().plus(lifetime).getEpochSecond() + "." + BASE64.encodeToString(nonce);
        return unsigned + "." + key.sign(PURPOSE + recordId + "\n" + unsigned);
    }

    /** Redeems a token for the recording: the first valid use spends it. */
    public Redemption redeem(String recordId, String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[0].length() > 12 || !parts[0].chars()
                .allMatch(Character::isDigit) || parts[1].isEmpty()) {
            return Redemption.INVALID;
        }
        String unsigned = parts[0] + "." + parts[1];
        if (!key.verify(PURPOSE + recordId + "\n" + unsigned, parts[2])) {
            return Redemption.INVALID;
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[0]));
        if (!clock.instant().isBefore(expires)) {
            return Redemption.EXPIRED;
        }
        return spent.spend(parts[1], expires) ? Redemption.REDEEMED : Redemption.SPENT;
    }
}
