package io.caravan.routes;

import java.util.Properties;

import io.caravan.support.RedisUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * routes/shared-state.camel.yaml: with caravan.store=redis, the check finds out that Redis is away (/health degraded)
 * and, once it is back, reconnects (/health up again): only the check marks Redis available again.
 */
class SharedStateRoutesTest extends RouteTestSupport {

    // set in settings(), which the constructor calls: no initializer (see RouteTestSupport)
    private RedisUnderTest redis;

    @Override
    protected Properties settings() {
        redis = RedisUnderTest.start();
        Properties settings = new Properties();
        settings.setProperty("caravan.store", "redis");
        settings.setProperty("caravan.redis.url", redis.url());
        settings.setProperty("caravan.redis.check-interval", "100ms");
        return settings;
    }

    @AfterAll
    void stopRedis() {
        redis.close();
    }

    private String health() {
        return http("GET", "/health", null).body();
    }

    @Test
    void redisAwayDegradesHealthAndTheCheckBringsItBack() {
        await(() -> health().contains("\"status\":\"UP\""), "health UP with Redis");
        redis.stop();
        await(() -> health().contains("\"status\":\"DEGRADED\""), "health DEGRADED without Redis");
        redis.restart();
        await(() -> health().contains("\"status\":\"UP\""), "health UP again");
    }
}
