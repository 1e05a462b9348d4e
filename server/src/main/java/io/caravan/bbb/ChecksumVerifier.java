package io.caravan.bbb;

import java.util.List;
import java.util.Set;

/**
 * Decides whether an API request was signed with one of the accepted secrets, and with which. Several secrets are
 * accepted at once so that a secret can be rolled over without a flag day; an empty secret never validates anything.
 */
public final class ChecksumVerifier {

    private final List<String> secrets;
    private final Set<ChecksumAlgorithm> allowed;

    public ChecksumVerifier(List<String> secrets, Set<ChecksumAlgorithm> allowed) {
        this.secrets = secrets.stream().filter(s -> s != null && !s.isBlank()).toList();
        this.allowed = Set.copyOf(allowed);
    }

    /** Verifies against Caravan's global secrets. */
    public boolean verify(String call, String rawQuery) {
        return verify(call, rawQuery, secrets);
    }

    /** Verifies against these secrets (a tenant's); blank ones are ignored. */
    public boolean verify(String call, String rawQuery, List<String> accepted) {
        return matchingSecret(call, Checksum.stripFrom(rawQuery), Checksum.extractFrom(rawQuery), accepted) != null;
    }

    /** The global secret that signed the request, or null. */
    public String matchingSecret(String call, String hashedQuery, String received) {
        return matchingSecret(call, hashedQuery, received, secrets);
    }

    /**
     * The secret among {@code accepted} that signed {@code call + hashedQuery}, or null when none did (or the
     * checksum's algorithm is not allowed). Every secret is tried, so the time taken does not tell which matched.
     */
    public String matchingSecret(String call, String hashedQuery, String received, List<String> accepted) {
        List<String> candidates = accepted.stream().filter(s -> s != null && !s.isBlank()).toList();
        if (received == null || candidates.isEmpty()) {
            return null;
        }
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.ofHexLength(received.length()).orElse(null);
        if (algorithm == null || !allowed.contains(algorithm)) {
            return null;
        }
        String matched = null;
        for (String secret : candidates) {
            if (Checksum.matches(Checksum.compute(algorithm, call, hashedQuery, secret), received) && matched == null) {
                matched = secret;
            }
        }
        return matched;
    }
}
