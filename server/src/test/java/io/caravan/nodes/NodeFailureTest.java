package io.caravan.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.caravan.emulator.EmulatedNode;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.JoinError;
import io.caravan.support.Xml;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Nodes that die, slow down or answer garbage, and what Caravan does about it. */
@Tag("end-to-end")
class NodeFailureTest {

    private static EmulatedNode nodeOf(CaravanUnderTest caravan, String meetingId) {
        List<EmulatedNode> hosts = caravan.nodes().stream().filter(n -> n.hasMeeting(meetingId)).toList();
        assertEquals(1, hosts.size(), meetingId + " on " + hosts);
        return hosts.get(0);
    }

    @Test
    void deadNodeGetsNoNewMeetingsAndItsMeetingMovesOnNextCreate() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).start()) {
            BbbClient client = caravan.client();
            assertEquals("SUCCESS", Xml.parse(client.get("create", "name=AA&meetingID=on-dead").body()).returncode());
            EmulatedNode dead = nodeOf(caravan, "on-dead");
            EmulatedNode alive = caravan.nodes().stream().filter(n -> n != dead).findFirst().orElseThrow();

            dead.down(true);
            caravan.awaitOnline(dead.name(), false);

            for (int i = 0; i < 5; i++) {
                assertEquals("SUCCESS", Xml.parse(client.get("create", "name=NN&meetingID=after-" + i).body())
                        .returncode());
                assertTrue(alive.hasMeeting("after-" + i), "new meetings avoid the offline node");
            }
            // joins for the meeting on the dead node do not send users there
            assertEquals("meetingForciblyEnded", JoinError.of(client.get("join", "meetingID=on-dead&fullName=U&role=VIEWER"))
                    .key());
            // the application re-creates it, as BBB integrations do before joining: it lands on a live node
            Xml recreated = Xml.parse(client.get("create", "name=AA&meetingID=on-dead").body());
            assertEquals("SUCCESS", recreated.returncode());
            assertTrue(alive.hasMeeting("on-dead"));
            assertEquals(302, client.get("join", "meetingID=on-dead&fullName=U&role=VIEWER").statusCode());

            // getMeetings (from the poll cache) does not fail because one node is dead
            caravan.awaitPolls(2);
            Xml all = Xml.parse(client.get("getMeetings", "").body());
            assertEquals("SUCCESS", all.returncode());
            assertTrue(all.texts("meetingID").contains("after-0"));

            // the node comes back: it is polled online again
            dead.down(false);
            caravan.awaitOnline(dead.name(), true);
        }
    }

    @Test
    void nodeStaysOnlineUntilTheFailureThresholdIsReached() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1)
                .property("caravan.health.offline-after", "3").start()) {
            NodeRegistry registry = caravan.registry();
            EmulatedNode node = caravan.node(0);
            node.garbage(true);
            // two failed polls are not enough with offline-after=3 ...
            long start = registry.completedPollCycles();
            CaravanUnderTest.await(() -> registry.completedPollCycles() >= start + 2, "two polls");
            String error = registry.status(node.name()).orElseThrow().lastError();
            assertTrue(error != null && error.contains("not XML"), String.valueOf(error));
            // ... and the node goes offline only after the third
            caravan.awaitOnline(node.name(), false);
            node.garbage(false);
            caravan.awaitOnline(node.name(), true);
        }
    }

    @Test
    void garbageOrFailedAnswersTakeANodeOffline() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(3).start()) {
            caravan.node(0).garbage(true);
            caravan.node(1).failing(true);
            caravan.awaitOnline("bbb1", false);
            caravan.awaitOnline("bbb2", false);
            BbbClient client = caravan.client();
            for (int i = 0; i < 5; i++) {
                client.get("create", "name=GG&meetingID=g-" + i);
                assertTrue(caravan.node(2).hasMeeting("g-" + i));
            }
        }
    }

    @Test
    void nodeAnsweringFailedToPollsIsNeverUsed() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).wrongSecret(0).start()) {
            String error = caravan.registry().status("bbb1").orElseThrow().lastError();
            assertTrue(error != null && error.contains("checksumError"), String.valueOf(error));
            assertFalse(caravan.registry().canServe("bbb1"));
            for (int i = 0; i < 4; i++) {
                caravan.client().get("create", "name=FF&meetingID=failed-" + i);
                assertTrue(caravan.node(1).hasMeeting("failed-" + i));
            }
        }
    }

    @Test
    void refusedConnectionOnCreateIsRetriedOnAnotherNode() {
        // bbb1 is preferred (lowest load factor) and is down, but not yet known to be offline
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2)
                .nodeYaml(0, "load-factor: 0.01")
                .property("caravan.health.offline-after", "1000").start()) {
            EmulatedNode other = caravan.node(1);
            new BbbClient(other.baseUrl(), other.secret()).get("create", "name=WW&meetingID=weight-1");
            caravan.awaitPolls(2);
            caravan.node(0).down(true);
            Xml created = Xml.parse(caravan.client().get("create", "name=RR&meetingID=retried").body());
            assertEquals("SUCCESS", created.returncode());
            assertTrue(caravan.node(1).hasMeeting("retried"));
        }
    }

    @Test
    void createWithNoEligibleNodeFailsClearly() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2)
                .nodeYaml(0, "state: cordoned").nodeYaml(1, "state: disabled").start()) {
            Xml answer = Xml.parse(caravan.client().get("create", "name=XX&meetingID=nowhere").body());
            assertEquals("FAILED", answer.returncode());
            assertEquals("noAvailableServers", answer.messageKey());
            assertFalse(caravan.node(0).hasMeeting("nowhere"));
        }
    }

    @Test
    void cordonedNodeKeepsItsMeetingsButGetsNoNewOnes() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).nodeYaml(0, "state: cordoned")
                .start()) {
            // a meeting already on the cordoned node (e.g. created before it was cordoned)
            EmulatedNode cordoned = caravan.node(0);
            new BbbClient(cordoned.baseUrl(), cordoned.secret()).get("create", "name=Old&meetingID=old-1");
            caravan.awaitPolls(2);
            BbbClient client = caravan.client();
            assertEquals("duplicateWarning", Xml.parse(client.get("create", "name=Old&meetingID=old-1").body())
                    .messageKey());
            assertEquals(302, client.get("join", "meetingID=old-1&fullName=U&role=VIEWER").statusCode());
            for (int i = 0; i < 4; i++) {
                client.get("create", "name=NN&meetingID=fresh-" + i);
                assertTrue(caravan.node(1).hasMeeting("fresh-" + i));
            }
        }
    }

    @Test
    void callsBeyondTheInFlightLimitOfASlowNodeAreRefusedAtOnce() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1)
                .property("caravan.node.max-in-flight", "4").property("caravan.poll.timeout", "5s").start()) {
            BbbClient client = caravan.client();
            client.get("create", "name=BB&meetingID=busy-room");
            caravan.node(0).latency(Duration.ofSeconds(2));
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(client.getAsync("getMeetingInfo", "meetingID=busy-room"));
            }
            List<String> keys = calls.stream().map(f -> Xml.parse(f.join().body()))
                    .map(x -> "SUCCESS".equals(x.returncode()) ? "SUCCESS" : x.messageKey()).toList();
            long answered = keys.stream().filter("SUCCESS"::equals).count();
            long refused = keys.stream().filter("serverBusy"::equals).count();
            assertEquals(10, answered + refused, keys.toString());
            assertTrue(answered >= 4 && refused >= 4, keys.toString());
            // permits come back: once the node is fast again, calls go through
            caravan.node(0).latency(Duration.ZERO);
            assertEquals("SUCCESS", Xml.parse(client.get("getMeetingInfo", "meetingID=busy-room").body())
                    .returncode());
        }
    }

    @Test
    void slowNodeDoesNotStallRequestsForMeetingsOnOtherNodes() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2)
                .property("caravan.poll.timeout", "5s").start()) {
            BbbClient client = caravan.client();
            client.get("create", "name=SS&meetingID=slow-room");
            EmulatedNode slow = nodeOf(caravan, "slow-room");
            String fastRoom = "fast-room";
            for (int i = 0; nodeOf(caravan, "slow-room") == slow; i++) {
                client.get("create", "name=FF&meetingID=fast-" + i);
                if (!slow.hasMeeting("fast-" + i)) {
                    fastRoom = "fast-" + i;
                    break;
                }
            }
            slow.latency(Duration.ofSeconds(2));
            // 40 requests for the slow node's meeting in flight (more than Vert.x's default 20 worker threads) ...
            List<CompletableFuture<HttpResponse<String>>> slowCalls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                slowCalls.add(client.getAsync("getMeetingInfo", "meetingID=slow-room"));
            }
            // ... and requests for a meeting on the healthy node are answered while all of them still wait
            for (int i = 0; i < 5; i++) {
                Xml fast = Xml.parse(client.get("getMeetingInfo", "meetingID=" + fastRoom).body());
                assertEquals("SUCCESS", fast.returncode());
            }
            long slowDone = slowCalls.stream().filter(CompletableFuture::isDone).count();
            assertEquals(0, slowDone, "the healthy node's answers must not wait for the slow node");
            slowCalls.forEach(f -> assertEquals("SUCCESS", Xml.parse(f.join().body()).returncode()));
            assertNotEquals(slow, nodeOf(caravan, fastRoom));
        }
    }

    @Test
    void pollCyclesNeverOverlapWhileANodeIsSlow() throws InterruptedException {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1)
                .property("caravan.poll.interval", "100ms").start()) {
            caravan.node(0).latency(Duration.ofMillis(700));
            caravan.awaitPolls(1);
            caravan.node(0).clearCalls();
            Thread.sleep(3000);
            int polls = caravan.node(0).calls("getMeetings").size();
            // one cycle at a time: about one poll per 700 ms; cycles started every 100 ms would make about 30
            assertTrue(polls <= 8, polls + " polls in 3 s");
            caravan.node(0).latency(Duration.ZERO);
        }
    }
}
