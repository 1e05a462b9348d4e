package io.caravan.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a BBB client signs a call (the tests' own signer, written from the BBB API documentation: the hex digest of
 * call name + query string + shared secret, appended as {@code checksum}). The emulator is checked against this, not
 * against its own checksum code or Caravan's.
 */
enum ChecksumAlgorithm {
    SHA1("SHA-1"),
    SHA256("SHA-256"),
    SHA384("SHA-384"),
    SHA512("SHA-512");

    private final String digest;

    ChecksumAlgorithm(String digest) {
        this.digest = digest;
    }

    /** The query with its checksum appended. */
    String sign(String call, String queryWithoutChecksum, String secret) {
        String checksum;
        try {
            checksum = HexFormat.of().formatHex(MessageDigest.getInstance(digest)
                    .digest((call + queryWithoutChecksum + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return queryWithoutChecksum.isEmpty() ? "checksum=" + checksum : queryWithoutChecksum + "&checksum=" + checksum;
    }
}
