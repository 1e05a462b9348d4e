package io.caravan.bbb;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The hash functions bbb-web accepts for API checksums. BBB tells them apart by the length of the hex digest, so a
 * checksum carries its own algorithm.
 */
public enum ChecksumAlgorithm {
    SHA1("SHA-1", 40),
    SHA256("SHA-256", 64),
    SHA384("SHA-384", 96),
    SHA512("SHA-512", 128);

    private final String jcaName;
    private final int hexLength;

    ChecksumAlgorithm(String jcaName, int hexLength) {
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    public String jcaName() {
        return jcaName;
    }

    public int hexLength() {
        return hexLength;
    }

    /** The algorithm whose hex digest has this length, as bbb-web decides it. */
    public static Optional<ChecksumAlgorithm> ofHexLength(int length) {
        return Arrays.stream(values()).filter(a -> a.hexLength == length).findFirst();
    }

    /** Parses the names used in configuration: sha1, sha256, sha384, sha512 (case-insensitive, dash allowed). */
    public static ChecksumAlgorithm parse(String name) {
        String normalized = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace("-", "");
        for (ChecksumAlgorithm a : values()) {
            if (a.name().toLowerCase(Locale.ROOT).equals(normalized)) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "unknown checksum algorithm '" + name + "' (expected one of sha1, sha256, sha384, sha512)");
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
