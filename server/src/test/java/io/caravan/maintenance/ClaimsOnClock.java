package io.caravan.maintenance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Claims shared by the instances of a test, as Redis keeps them (SET NX PX, the time to live of a taken one), on the
 * test's clock, so rounds are checked by moving time rather than waiting for it. The real store's own test is
 * store.RedisMaintenanceClaimsTest.
 */
final class ClaimsOnClock implements MaintenanceClaims {

    private final Clock clock;
    private final Map<String, Instant> until = new HashMap<>();

    ClaimsOnClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Claim claim(String key, Duration hold) {
        Instant now = clock.instant();
        Instant held = until.get(key);
        if (held != null && now.isBefore(held)) {
            return Claim.taken(Duration.between(now, held));
        }
        until.put(key, now.plus(hold));
        return Claim.GRANTED;
    }

    @Override
    public synchronized void release(String key) {
        until.remove(key);
    }

    synchronized boolean held(String key) {
        Instant held = until.get(key);
        return held != null && clock.instant().isBefore(held);
    }
}
