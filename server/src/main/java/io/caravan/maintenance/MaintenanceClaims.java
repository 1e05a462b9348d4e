package io.caravan.maintenance;
import java.time.Duration;

/**
 * What makes a maintenance action happen once over several Caravan instances, though each of them polls every node
 * and checks every window: a round of a cordon's notice, a window started. The first instance to claim a key holds it
 * for the time given; the others learn how long it stays taken and leave the action to it. An instance alone
 * (caravan.store=caffeine) is the whole fleet: {@link LocalMaintenanceClaims} grants every claim, and what the
 * instance did itself its callers remember. {@code store.RedisMaintenanceClaims} shares the claims.
 */
public interface MaintenanceClaims {

    /**
     * The answer to a claim.
     *
     * @param granted whether this instance holds the key now
     * @param left    when it does not, how long the key stays taken by the instance that does (zero when granted)
     */
    record Claim(boolean granted, Duration left) {

        public static final Claim GRANTED = new Claim(true, Duration.ZERO);

        public static Claim taken(Duration left) {
            return new Claim(false, left);
        }
    }

    /** Claims the key for {@code hold}, atomically over the instances that share the store. */
    Claim claim(String key, Duration hold);

    /** Gives a key up before its hold ends (the cordon it was for ended or changed), so it may be claimed again. */
    void release(String key);
}
