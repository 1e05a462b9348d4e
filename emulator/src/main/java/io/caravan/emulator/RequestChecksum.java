package io.caravan.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * bbb-web's checksum check (GetChecksumValidator, and ParamsProcessorUtil.isChecksumSame for the recording calls;
 * both behave alike): the given checksum is removed from the raw query string by literal text replacement, the
 * algorithm is chosen by the checksum's length, and the hex digests are compared ignoring case.
 *
 * <p>Written for the emulator alone, not shared with Caravan, so that a mistake on one side shows up as a failing
 * end-to-end test instead of being agreed on by both.
 */
final class RequestChecksum {

    private RequestChecksum() {
    }

    /**
     * @param rawQuery the query string as sent (null or empty when a POST has its parameters in the body only: then
     *                 bbb-web signs the empty string)
     * @param given    the first {@code checksum} value, sanitised; null or empty never matches
     */
    static boolean matches(String call, String rawQuery, String given, String secret) {
        if (given == null || given.isEmpty()) {
            return false;
        }
        String algorithm = algorithmOf(given);
        if (algorithm == null) {
            return false;
        }
        return hex(algorithm, call + withoutChecksum(rawQuery, given) + secret).equalsIgnoreCase(given);
    }

    /**
     * The query as bbb-web signs it: every {@code &checksum=<given>}, then {@code checksum=<given>&}, then
     * {@code checksum=<given>} removed as plain text, so another checksum parameter with a different value stays in.
     */
    /** The digest a checksum of this length was made with (bbb-web and bbb-webhooks tell it so); null for none. */
    static String algorithmOf(String checksum) {
        return switch (checksum.length()) {
            case 40 -> "SHA-1";
            case 64 -> "SHA-256";
            case 96 -> "SHA-384";
            case 128 -> "SHA-512";
            default -> null;
        };
    }

    static String withoutChecksum(String rawQuery, String given) {
        String query = rawQuery == null ? "" : CallParameters.sanitize(rawQuery);
        return query.replace("&checksum=" + given, "")
                .replace("checksum=" + given + "&", "")
                .replace("checksum=" + given, "");
    }

    static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JVM without " + algorithm, e);
        }
    }
}
