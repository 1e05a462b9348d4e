package io.caravan.playback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Spent tokens in this instance's memory (Caffeine), each forgotten when it expires: an expired token is refused for
 * its expiry anyway. Not bounded by a size: only tokens with a valid signature get here, and those only getRecordings
 * hands out, so evicting one early would only let it be used twice.
 */
public final class LocalSpentTokens implements SpentTokens {

    /** Caffeine counts in nanoseconds; a longer lifetime would overflow them. */
    private static final Duration LONGEST = Duration.ofDays(365L * 100);

    private final Cache<String, Instant> spent;

    public LocalSpentTokens(Clock clock) {
        this.spent = Caffeine.newBuilder().expireAfter(new Expiry<String, Instant>() {
            @Override
            public long expireAfterCreate(String tokenId, Instant expires, long currentTime) {
                Duration left = Duration.between(clock.instant(), expires);
                return left.isNegative() ? 0 : left.compareTo(LONGEST) > 0 ? LONGEST.toNanos() : left.toNanos();
            }

            @Override
            public long expireAfterUpdate(String tokenId, Instant expires, long currentTime, long currentDuration) {
                return currentDuration;
            }

            @Override
            public long expireAfterRead(String tokenId, Instant expires, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
    }

    @Override
    public boolean spend(String tokenId, Instant expires) {
        return spent.asMap().putIfAbsent(tokenId, expires) == null;
    }
}
