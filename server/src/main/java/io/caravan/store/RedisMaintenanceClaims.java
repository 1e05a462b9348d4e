package io.caravan.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.caravan.maintenance.MaintenanceClaims;
import io.caravan.shared.StoreUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance claims in Redis (caravan.store=redis), so that a notice round or a window is done by one instance of the
 * fleet: {prefix}maintenance:{key} (keys such as {@code notice:bbb3:<digest>} and {@code window:bbb3:<id>:<time>}),
 * taken with one {@code SET NX PX} for the claim's hold, whose value is when it was taken. A claim already taken
 * answers its time to live, so the others try again when it ends, not a whole hold later. While Redis is away each
 * instance claims for itself alone ({@code fallback}): notices are posted and windows started by every instance until
 * Redis is back, rather than not at all, which is logged.
 */
public final class RedisMaintenanceClaims implements MaintenanceClaims {

    private static final Logger LOG = LoggerFactory.getLogger(RedisMaintenanceClaims.class);

    /**
     * {@code granted} when claimed now, else the milliseconds the claim taken already has left: at least 1, so that a
     * claim in its last millisecond (PTTL 0) is never read as this one's (that read let two instances post each round).
     */
    private static final String CLAIM = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return 'granted'
            end
            return tostring(math.max(redis.call('PTTL', KEYS[1]), 1))
            """;

    private final Redis redis;
    private final MaintenanceClaims fallback;

    public RedisMaintenanceClaims(Redis redis, MaintenanceClaims fallback) {
        this.redis = redis;
        this.fallback = fallback;
    }

    @Override
    public Claim claim(String key, Duration hold) {
        try {
            String left = redis.script(CLAIM, List.of(redisKey(key)),
                    List.of(Instant.now().toString(), Long.toString(Math.max(1, hold.toMillis()))));
            return "granted".equals(left) ? Claim.GRANTED : Claim.taken(Duration.ofMillis(Long.parseLong(left)));
        } catch (StoreUnavailable e) {
            LOG.warn("maintenance {} claimed by this instance alone, Redis is unavailable: {}", key, e.getMessage());
            return fallback.claim(key, hold);
        }
    }

    @Override
    public void release(String key) {
        try {
            redis.call(commands -> commands.del(redisKey(key)));
        } catch (StoreUnavailable e) {
            // it ends with its hold
            LOG.debug("maintenance claim {} not given up, Redis is unavailable: {}", key, e.getMessage());
        }
        fallback.release(key);
    }

    private String redisKey(String key) {
        return redis.key("maintenance:" + key);
    }
}
