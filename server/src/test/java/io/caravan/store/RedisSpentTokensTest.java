package io.caravan.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;

import io.caravan.playback.LocalSpentTokens;
import io.caravan.support.RedisUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Protected recordings' one-time links spent in Redis, against a real server: a token spent by one instance is spent
 * for the others, it is forgotten when it expires, and while Redis is away an instance spends in its own memory.
 */
@Tag("end-to-end")
class RedisSpentTokensTest {

    private static RedisUnderTest server;

    @BeforeAll
    static void startRedis() {
        server = RedisUnderTest.start();
    }

    @AfterAll
    static void stopRedis() {
        if (server != null) {
            server.close();
        }
    }

    private static Redis connect() {
        return server.connect("tokens:");
    }

    private static RedisSpentTokens instance(Redis redis) {
        return new RedisSpentTokens(redis, new LocalSpentTokens(Clock.systemUTC()), Clock.systemUTC());
    }

    @Test
    void aTokenSpentOnOneInstanceIsSpentOnAll() {
        Redis a = connect();
        Redis b = connect();
        try {
            Instant expires = Instant.now().plusSeconds(60);
            assertTrue(instance(a).spend("nonce-1", expires), "the first use");
            assertFalse(instance(b).spend("nonce-1", expires), "the same token on another instance");
            assertFalse(instance(a).spend("nonce-1", expires), "and again on the first");
            assertTrue(instance(b).spend("nonce-2", expires), "another token");
            assertTrue(server.command("PTTL tokens:playback-token:nonce-1").matches(":[1-9][0-9]*"),
                    "remembered until it expires, not forever");
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void whileRedisIsAwayTokensAreSpentInTheInstancesMemory() {
        Redis redis = connect();
        RedisSpentTokens tokens = instance(redis);
        try {
            server.stop();
            Instant expires = Instant.now().plusSeconds(60);
            assertTrue(tokens.spend("nonce-away", expires));
            assertFalse(tokens.spend("nonce-away", expires), "spent in memory all the same");
        } finally {
            server.restart();
            redis.stop();
        }
    }
}
