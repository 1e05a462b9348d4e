package io.caravan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import io.caravan.maintenance.LocalMaintenanceClaims;
import io.caravan.maintenance.MaintenanceClaims.Claim;
import io.caravan.support.RedisUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Maintenance claims in Redis, against a real server: one instance of two gets a claim, the other learns how long it
 * stays taken, a claim given up can be taken again at once, and while Redis is away an instance claims for itself.
 */
@Tag("end-to-end")
class RedisMaintenanceClaimsTest {

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
        return server.connect("claims:");
    }

    @Test
    void oneInstanceGetsAClaimAndTheOtherLearnsWhenItEnds() {
        Redis a = connect();
        Redis b = connect();
        try {
            RedisMaintenanceClaims first = new RedisMaintenanceClaims(a, new LocalMaintenanceClaims());
            RedisMaintenanceClaims second = new RedisMaintenanceClaims(b, new LocalMaintenanceClaims());
            assertEquals(Claim.GRANTED, first.claim("notice:bbb1:0123456789abcdef", Duration.ofMinutes(10)));
            Claim taken = second.claim("notice:bbb1:0123456789abcdef", Duration.ofMinutes(10));
            assertFalse(taken.granted());
            assertTrue(taken.left().compareTo(Duration.ofMinutes(9)) > 0
                    && taken.left().compareTo(Duration.ofMinutes(10)) <= 0, taken.toString());
            assertFalse(first.claim("notice:bbb1:0123456789abcdef", Duration.ofMinutes(10)).granted(),
                    "not twice by the same instance either");
            assertTrue(second.claim("notice:bbb2:0123456789abcdef", Duration.ofMinutes(10)).granted(),
                    "another node's claim");
            assertTrue(server.command("PTTL claims:maintenance:notice:bbb1:0123456789abcdef").matches(":[1-9][0-9]*"),
                    "held for its time, not forever");

            second.release("notice:bbb1:0123456789abcdef");
            assertTrue(first.claim("notice:bbb1:0123456789abcdef", Duration.ofMinutes(10)).granted(),
                    "given up: claimed again at once");

            assertTrue(first.claim("window:bbb1:3f5f8e3edc:1767225600", Duration.ofMillis(300)).granted());
            pause(500);
            assertTrue(second.claim("window:bbb1:3f5f8e3edc:1767225600", Duration.ofMillis(300)).granted(),
                    "ended with its hold");
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void whileRedisIsAwayAnInstanceClaimsForItselfAlone() {
        Redis redis = connect();
        RedisMaintenanceClaims claims = new RedisMaintenanceClaims(redis, new LocalMaintenanceClaims());
        try {
            server.stop();
            assertTrue(claims.claim("notice:bbb1:0123456789abcdef", Duration.ofMinutes(10)).granted());
            claims.release("notice:bbb1:0123456789abcdef"); // nothing thrown: the claim ends with its hold
        } finally {
            server.restart();
            redis.stop();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
