package io.caravan.store;

import java.time.Clock;
import java.time.Instant;

import io.caravan.playback.SpentTokens;
import io.caravan.shared.StoreUnavailable;
import io.lettuce.core.SetArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-time playback tokens spent, in Redis (caravan.store=redis), so that a protected recording's link used on
 * one instance is refused on every other: one {@code SET NX} per token, expiring with it. While Redis is away the
 * instance spends tokens in its own memory ({@code fallback}): playback of protected recordings goes on, and a link
 * could then be used once more on another instance until Redis is back, which is logged.
 */
public final class RedisSpentTokens implements SpentTokens {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSpentTokens.class);

    private final Redis redis;
    private final SpentTokens fallback;
    private final Clock clock;

    public RedisSpentTokens(Redis redis, SpentTokens fallback, Clock clock) {
        this.redis = redis;
        this.fallback = fallback;
        this.clock = clock;
    }

    @Override
    public boolean spend(String tokenId, Instant expires) {
        long ttlMillis = Math.max(1, expires.toEpochMilli() - clock.millis());
        try {
            String set = redis.call(c -> c.set(redis.key("playback-token:" + tokenId), "1",
                    SetArgs.Builder.nx().px(ttlMillis)));
            // a token this instance spent while Redis was away is spent here too
            return "OK".equals(set) && fallback.spend(tokenId, expires);
        } catch (StoreUnavailable e) {
            LOG.warn("playback token spent in this instance only, Redis is unavailable: {}", e.getMessage());
            return fallback.spend(tokenId, expires);
        }
    }
}
