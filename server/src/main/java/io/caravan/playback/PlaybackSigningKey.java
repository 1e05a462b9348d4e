package io.caravan.playback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of caravan.recordings.playback.signing-key, which signs the one-time links of protected recordings and the
 * cookies that follow them (HMAC-SHA256, URL-safe Base64). Without one configured, a random key per start: links
 * then work on the instance that made them, until it restarts.
 */
public final class PlaybackSigningKey {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    private PlaybackSigningKey(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** The configured key, or a random one when {@code configured} is empty. */
    public static PlaybackSigningKey of(String configured) {
        if (configured == null || configured.isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new PlaybackSigningKey(random);
        }
        return new PlaybackSigningKey(configured.getBytes(StandardCharsets.UTF_8));
    }

    String sign(String message) {
        try {
            // a Mac is not thread-safe, and a new one costs less than a lock held by every playback request
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return BASE64.encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** In constant time: a signature guessed byte by byte learns nothing from the time an answer takes. */
    boolean verify(String message, String signature) {
        return MessageDigest.isEqual(sign(message).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "PlaybackSigningKey[hidden]";
    }
}
