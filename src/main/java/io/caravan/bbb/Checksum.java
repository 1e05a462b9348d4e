package io.caravan.bbb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * BBB's API checksum: {@code hash(call + query + secret)} where query is the raw query string exactly as it was sent,
 * minus the checksum parameter. The query is never decoded or re-encoded: bbb-web hashes the bytes it received, so
 * any normalisation here would make valid requests fail.
 */
public final class Checksum {

    private static final String PARAM = "checksum";

    private Checksum() {
    }

    public static String compute(ChecksumAlgorithm algorithm, String call, String query, String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm.jcaName());
            byte[] hash = digest.digest((call + query + secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JVM without " + algorithm.jcaName(), e);
        }
    }

    /**
     * Compares a received checksum with the expected one in constant time (case-insensitive, as bbb-web accepts
     * upper-case hex).
     */
    public static boolean matches(String expectedHex, String receivedHex) {
        if (expectedHex == null || receivedHex == null) {
            return false;
        }
        byte[] expected = expectedHex.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        byte[] received = receivedHex.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, received);
    }

    /** The raw query with every {@code checksum=} parameter removed textually, other bytes untouched. */
    public static String stripFrom(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        StringBuilder kept = new StringBuilder(rawQuery.length());
        for (String part : rawQuery.split("&", -1)) {
            if (isChecksumParam(part)) {
                continue;
            }
            if (kept.length() > 0) {
                kept.append('&');
            }
            kept.append(part);
        }
        return kept.toString();
    }

    /** The value of the checksum parameter in the raw query, or null when there is none. */
    public static String extractFrom(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String part : rawQuery.split("&", -1)) {
            if (isChecksumParam(part)) {
                return part.substring(PARAM.length() + 1);
            }
        }
        return null;
    }

    /** The query re-signed for a node: the caller's parameters, byte for byte, plus the node's checksum. */
    public static String sign(ChecksumAlgorithm algorithm, String call, String queryWithoutChecksum, String secret) {
        String checksum = compute(algorithm, call, queryWithoutChecksum, secret);
        return queryWithoutChecksum.isEmpty() ? PARAM + "=" + checksum
                : queryWithoutChecksum + "&" + PARAM + "=" + checksum;
    }

    private static boolean isChecksumParam(String part) {
        return part.startsWith(PARAM + "=");
    }
}
