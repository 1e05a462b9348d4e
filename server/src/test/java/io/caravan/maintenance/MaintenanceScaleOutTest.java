package io.caravan.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.emulator.ChatMessage;
import io.caravan.emulator.EmulatedNode;
import io.caravan.inventory.CordonNotice;
import io.caravan.inventory.NodeState;
import io.caravan.store.RedisMaintenanceClaims;
import io.caravan.support.AdminHttp;
import io.caravan.support.AdminHttp.Answer;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.RedisUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Maintenance with two Caravan instances sharing a real Redis, both polling the same emulated nodes and checking the
 * same windows: a notice round is read once in each meeting, not once per instance, and a window starts once.
 */
@Tag("end-to-end")
class MaintenanceScaleOutTest {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisUnderTest redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisUnderTest.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static CaravanUnderTest.Builder sharing(String prefix) {
        return CaravanUnderTest.builder().nodes(2).adminApi()
                .property("caravan.store", "redis")
                .property("caravan.redis.url", redis.url())
                .property("caravan.redis.timeout", "1s")
                .property("caravan.redis.key-prefix", prefix)
                .property("caravan.maintenance.min-repeat", "1s");
    }

    private static String prefix() {
        return "maint" + PREFIXES.incrementAndGet() + ":";
    }

    private static AdminHttp admin(CaravanUnderTest caravan) {
        return new AdminHttp(caravan.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
    }

    /** Running meetings (one attendee each) on bbb1: bbb2 is cordoned while they are created. */
    private static void runningMeetingsOnFirstNode(CaravanUnderTest a, CaravanUnderTest b, String... meetingIds) {
        assertEquals(200, admin(a).post("/nodes/bbb2/cordon", null).status());
        awaitState(b, "bbb2", NodeState.CORDONED);
        for (String id : meetingIds) {
            assertEquals("SUCCESS", Xml.parse(a.client().get("create", "name=Room&meetingID=" + id).body())
                    .returncode(), id);
            assertTrue(a.node(0).hasMeeting(id), id + " on bbb1");
            a.node(0).addAttendees(id, 1);
        }
        assertEquals(200, admin(a).post("/nodes/bbb2/enable", null).status());
        awaitState(b, "bbb2", NodeState.ENABLED);
        a.awaitPolls(2);
        b.awaitPolls(2);
    }

    private static void awaitState(CaravanUnderTest caravan, String node, NodeState state) {
        CaravanUnderTest.await(() -> caravan.registry().node(node).orElseThrow().state() == state,
                node + " " + state + " on " + caravan.baseUrl());
    }

    /** The maintenance events of both instances whose message starts with the action. */
    private static List<String> events(String action, CaravanUnderTest... instances) {
        List<String> found = new ArrayList<>();
        for (CaravanUnderTest caravan : instances) {
            for (JsonNode event : admin(caravan).get("/events").json().path("events")) {
                if ("maintenance".equals(event.path("type").asText())
                        && event.path("message").asText().startsWith(action)) {
                    found.add(caravan.baseUrl() + " " + event.path("message").asText());
                }
            }
        }
        return found;
    }

    /**
     * Watches a meeting's chat for a while and answers, for each message, how long after the first it came (in
     * milliseconds, sampled every 20 ms).
     */
    private static List<Long> arrivals(EmulatedNode node, String meetingId, long watchMillis) {
        List<Long> arrivals = new ArrayList<>();
        long start = System.nanoTime();
        int seen = 0;
        while (System.nanoTime() - start < watchMillis * 1_000_000L) {
            int now = node.chat(meetingId).size();
            for (; seen < now; seen++) {
                arrivals.add((System.nanoTime() - start) / 1_000_000L);
            }
            pause(20);
        }
        return arrivals;
    }

    @Test
    void aNoticeRoundIsReadOnceInEachMeetingThoughBothInstancesPollTheNode() {
        String prefix = prefix();
        try (CaravanUnderTest a = sharing(prefix).start(); CaravanUnderTest b = a.another()) {
            runningMeetingsOnFirstNode(a, b, "shared-1", "shared-2");
            Answer cordoned = admin(a).post("/nodes/bbb1/cordon",
                    "{\"message\":\"Restart soon\",\"repeat\":\"2s\",\"disableWhenEmpty\":true}");
            assertEquals(200, cordoned.status(), cordoned.body());
            CaravanUnderTest.await(() -> a.node(0).chat("shared-1").size() >= 1, "the first round");

            List<Long> arrivals = arrivals(a.node(0), "shared-1", 7_000);
            // the first round at 0, the next ones every 2 s (plus up to a poll), one at a time
            assertTrue(arrivals.size() >= 2 && arrivals.size() <= 4, arrivals.toString());
            long previous = -2_000;
            for (long at : arrivals) {
                assertTrue(at - previous > 1_500, "once per round, not once per instance: " + arrivals);
                previous = at;
            }

            assertEquals(200, admin(b).post("/nodes/bbb1/enable", null).status(), "the notice ends");
            awaitState(a, "bbb1", NodeState.ENABLED);
            a.awaitPolls(2);
            b.awaitPolls(2);
            int rounds = a.node(0).chat("shared-1").size();
            assertEquals(rounds, a.node(0).chat("shared-2").size(), "every round reached both meetings");
            assertEquals(rounds, events("notice-posted", a, b).size(),
                    "one line per round over both instances: " + events("notice-posted", a, b));
            String claim = MaintenanceNotices.claimKey("bbb1", new CordonNotice("Restart soon", Duration.ofSeconds(2),
                    true));
            assertEquals(":0", redis.command("EXISTS " + prefix + "maintenance:" + claim),
                    "the ended cordon gave its claim up");
        }
    }

    @Test
    void aWindowCheckedEverySecondByBothInstancesStartsOnce() {
        String prefix = prefix();
        try (CaravanUnderTest a = sharing(prefix).property("caravan.maintenance.check-schedule", "* * * * * ?")
                .start(); CaravanUnderTest b = a.another()) {
            runningMeetingsOnFirstNode(a, b, "window-1");
            String at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS).toString();
            Answer added = admin(a).post("/nodes/bbb1/maintenance", "{\"at\":\"" + at + "\",\"message\":\"Window now\"}");
            assertEquals(201, added.status(), added.body());
            String id = added.json().path("id").asText();
            CaravanUnderTest.await(() -> b.registry().node("bbb1").orElseThrow().maintenance().size() == 1,
                    "b knows the window");

            awaitState(a, "bbb1", NodeState.CORDONED);
            awaitState(b, "bbb1", NodeState.CORDONED);
            CaravanUnderTest.await(() -> a.node(0).chat("window-1").size() == 1, "the window's message");
            pause(2_000); // both instances check every second and poll every 200 ms meanwhile
            assertEquals(List.of("Window now"), a.node(0).chat("window-1").stream().map(ChatMessage::message).toList(),
                    "one set of messages");
            List<String> started = events("cordoned", a, b).stream().filter(e -> e.contains("(window ")).toList();
            assertEquals(1, started.size(), "one cordon over both instances: " + started);
            assertTrue(started.get(0).contains("(window " + id + ")"), started.toString());
            assertEquals(1, events("notice-posted", a, b).size());
            assertEquals(":1", redis.command("EXISTS " + prefix + "maintenance:window:bbb1:" + id + ":"
                    + Instant.parse(at).getEpochSecond()), "the window's time is claimed");
        }
    }

    @Test
    void whileRedisIsAwayEachInstanceStillPostsTheNotice() {
        Logger claimsLog = (Logger) LoggerFactory.getLogger(RedisMaintenanceClaims.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        claimsLog.addAppender(logged);
        try (RedisUnderTest own = RedisUnderTest.start();
                CaravanUnderTest a = CaravanUnderTest.builder().nodes(2).adminApi()
                        .property("caravan.store", "redis").property("caravan.redis.url", own.url())
                        .property("caravan.redis.timeout", "1s").property("caravan.redis.key-prefix", prefix())
                        .property("caravan.maintenance.min-repeat", "1s").start();
                CaravanUnderTest b = a.another()) {
            runningMeetingsOnFirstNode(a, b, "away-1");
            assertEquals(200, admin(a).post("/nodes/bbb1/cordon",
                    "{\"message\":\"Restart soon\",\"repeat\":\"2s\"}").status());
            awaitState(b, "bbb1", NodeState.CORDONED);
            CaravanUnderTest.await(() -> a.node(0).chat("away-1").size() >= 1, "the first round");

            own.stop();
            int before = a.node(0).chat("away-1").size();
            CaravanUnderTest.await(() -> a.node(0).chat("away-1").size() >= before + 2,
                    "rounds go on without Redis");
            assertTrue(logged.list.stream().anyMatch(e -> e.getFormattedMessage()
                    .contains("claimed by this instance alone, Redis is unavailable")), "and it is logged");
            assertEquals(NodeState.CORDONED, a.registry().node("bbb1").orElseThrow().state());
            own.restart();
        } finally {
            claimsLog.detachAppender(logged);
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
