package io.caravan.maintenance;
import java.time.Duration;

/**
 * The claims of a Caravan alone, or of one whose shared store is away: every claim is granted. Once per instance is
 * then once in all, because the callers remember what they did (the notice rounds posted, the windows started).
 */
public final class LocalMaintenanceClaims implements MaintenanceClaims {

    @Override
    public Claim claim(String key, Duration hold) {
        return Claim.GRANTED;
    }

    @Override
    public void release(String key) {
        // nothing held
    }
}
