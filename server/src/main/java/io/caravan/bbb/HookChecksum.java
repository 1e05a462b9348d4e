package io.caravan.bbb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The checksum bbb-webhooks puts on each event it posts (callback-emitter.js): the hex hash of the callback URL as
 * registered, the form body as sent and the secret, added to the URL as {@code checksum=}. The algorithm is told by
 * the checksum's length, as for API calls.
 */
public final class HookChecksum {

    private HookChecksum() {
    }

    public static String compute(ChecksumAlgorithm algorithm, String callbackUrl, String body, String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm.jcaName());
            return HexFormat.of().formatHex(digest.digest((callbackUrl + body + secret)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JVM without " + algorithm.jcaName(), e);
        }
    }

    /** The URL an event is posted to: the callback URL with the checksum added to its query. */
    public static String signedUrl(ChecksumAlgorithm algorithm, String callbackUrl, String body, String secret) {
        return callbackUrl + (callbackUrl.contains("?") ? "&" : "?") + "checksum="
                + compute(algorithm, callbackUrl, body, secret);
    }

    /** Whether a received checksum is the one this secret gives for the URL and body (constant time). */
    public static boolean verifies(String received, String callbackUrl, String body, String secret) {
        if (received == null) {
            return false;
        }
        Optional<ChecksumAlgorithm> algorithm = ChecksumAlgorithm.ofHexLength(received.length());
        return algorithm.isPresent()
                && Checksum.matches(compute(algorithm.get(), callbackUrl, body, secret), received);
    }
}
