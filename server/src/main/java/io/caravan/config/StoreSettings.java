package io.caravan.config;

import java.util.Locale;

/**
 * Where Caravan keeps the state instances must share.
 *
 * @param redis          caravan.store: false for caffeine (the default: one process, nothing to install), true for
 *                       redis (several instances share assignments, admin changes, limits and events through Redis)
 * @param redisUrl       caravan.redis.url: a Lettuce URI, redis://[:password@]host[:port][/db] or rediss:// for TLS
 * @param timeoutMillis  caravan.redis.timeout: how long one Redis command may take before Redis counts as away
 * @param keyPrefix      caravan.redis.key-prefix: in front of every key and the events channel, so that several
 *                       Caravan deployments can share one Redis
 */
public record StoreSettings(boolean redis, String redisUrl, long timeoutMillis, String keyPrefix) {

    static StoreSettings parse(String store, String redisUrl, long timeoutMillis, String keyPrefix) {
        boolean redis = switch (store.trim().toLowerCase(Locale.ROOT)) {
            case "", "caffeine" -> false;
            case "redis" -> true;
            default -> throw new IllegalArgumentException("configuration key caravan.store = '" + store
                    + "': must be caffeine or redis");
        };
        if (redis && redisUrl.isBlank()) {
            throw new IllegalArgumentException("configuration key caravan.redis.url is needed with caravan.store=redis");
        }
        return new StoreSettings(redis, redisUrl.trim(), timeoutMillis, keyPrefix.trim());
    }

    @Override
    public String toString() {
        // the URL may carry Redis's password
        return redis ? "redis" : "caffeine";
    }
}
