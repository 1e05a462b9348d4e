package io.caravan.bbb;

import java.util.List;
import java.util.Set;

/**
 * Decides whether an API request was signed with one of the accepted secrets. Several secrets are accepted at once so
 * that a secret can be rolled over without a flag day; an empty secret never validates anything.
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
        List<String> secrets = accepted.stream().filter(s -> s != null && !s.isBlank()).toList();
        String received = Checksum.extractFrom(rawQuery);
        if (received == null || secrets.isEmpty()) {
            return false;
        }
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.ofHexLength(received.length()).orElse(null);
        if (algorithm == null || !allowed.contains(algorithm)) {
            return false;
        }
        String query = Checksum.stripFrom(rawQuery);
        boolean ok = false;
        // every secret is tried, so the time taken does not tell which secret (if any) matched
        for (String secret : secrets) {
            ok |= Checksum.matches(Checksum.compute(algorithm, call, query, secret), received);
        }
        return ok;
    }
}
