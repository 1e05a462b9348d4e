package io.caravan.bbb;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /**
     * The raw query as bbb-web hashes it: every {@code checksum=<value>} of the first checksum parameter's value
     * removed textually (GetChecksum in bbb-common-web), other bytes untouched. A second checksum parameter with
     * another value stays in, so its request fails the check there, and here.
     */
    public static String stripFrom(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        String checksum = extractFrom(rawQuery);
        if (checksum == null) {
            return rawQuery;
        }
        return rawQuery.replace("&" + PARAM + "=" + checksum, "")
                .replace(PARAM + "=" + checksum + "&", "")
                .replace(PARAM + "=" + checksum, "");
    }

    /** The value of the first checksum parameter in the raw query, or null when there is none. */
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

    /**
     * What bbb-web hashes for a request whose query is empty (a POST with all parameters in its form body): the
     * parameters sorted by name, checksum left out, each value form-encoded (ValidationService in bbb-common-web).
     */
    public static String canonicalQuery(Map<String, List<String>> params) {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, List<String>> param : new TreeMap<>(params).entrySet()) {
            if (PARAM.equals(param.getKey())) {
                continue;
            }
            for (String value : param.getValue()) {
                if (query.length() > 0) {
                    query.append('&');
                }
                query.append(param.getKey()).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return query.toString();
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
