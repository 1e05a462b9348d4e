package io.caravan.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.caravan.emulator.EmulatedNode;
import io.caravan.support.AdminHttp;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Nodes that answer slowly or not at all (issue #10): no thread waits for them, placement routes around them, passive
 * health takes a hung node out between polls, and lookups cannot be held by them.
 */
@Tag("end-to-end")
class SlowNodesTest {

    private static String outcome(HttpResponse<String> response) {
        Xml answer = Xml.parse(response.body());
        return "SUCCESS".equals(answer.returncode()) ? "SUCCESS" : answer.messageKey();
    }

    /** Threads of Caravan's own (API server, node client, workers, Camel); the test's HTTP client is not counted. */
    private static long caravanThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("vert.x-") || n.startsWith("caravan-") || n.startsWith("Camel"))
                .count();
    }

    @Test
    void twoHundredCreatesWhileOneNodeTakesTwoSecondsAllSucceedAndTheSlowNodeGetsFewer() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(3)
                // polls must not take the slow node offline: it is slow, not dead
                .property("caravan.poll.timeout", "5s").start()) {
            EmulatedNode slow = caravan.node(0);
            slow.latency(Duration.ofSeconds(2));
            BbbClient client = caravan.client();
            List<CompletableFuture<HttpResponse<String>>> creates = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                creates.add(client.getAsync("create", "name=Burst&meetingID=burst-" + i));
            }
            List<String> outcomes = creates.stream().map(CompletableFuture::join).map(SlowNodesTest::outcome).toList();
            assertEquals(200, outcomes.stream().filter("SUCCESS"::equals).count(), outcomes.toString());
            int onSlow = slow.meetingCount();
            int onFast1 = caravan.node(1).meetingCount();
            int onFast2 = caravan.node(2).meetingCount();
            assertEquals(200, onSlow + onFast1 + onFast2);
            assertTrue(onSlow < onFast1 && onSlow < onFast2,
                    "slow node got " + onSlow + ", the fast ones " + onFast1 + " and " + onFast2);
            slow.latency(Duration.ZERO);
        }
    }

    @Test
    void createWhoseFirstChoiceHasNoRoomLandsOnAnotherNode() {
        // two calls fill bbb1
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2)
                .property("caravan.node.max-in-flight", "2").property("caravan.poll.timeout", "5s")
                .property("caravan.placement.latency-weight", "0").start()) {
            BbbClient client = caravan.client();
            makeBbb1TheFirstChoice(caravan);
            assertEquals("SUCCESS", outcome(client.get("create", "name=RR&meetingID=busy-room")));
            assertTrue(caravan.node(0).hasMeeting("busy-room"));
            caravan.node(0).latency(Duration.ofSeconds(2));
            List<CompletableFuture<HttpResponse<String>>> waiting = List.of(
                    client.getAsync("getMeetingInfo", "meetingID=busy-room"),
                    client.getAsync("getMeetingInfo", "meetingID=busy-room"));
            CaravanUnderTest.await(() -> inFlight(caravan, "bbb1") == 2, "bbb1 full");
            assertEquals("SUCCESS", outcome(client.get("create", "name=NN&meetingID=elsewhere")));
            assertTrue(caravan.node(1).hasMeeting("elsewhere"), "bbb1 had no room");
            // the meeting already on the full node is not split: its create is refused instead
            assertEquals("serverBusy", outcome(client.get("create", "name=RR&meetingID=busy-room")));
            assertFalse(caravan.node(1).hasMeeting("busy-room"));
            waiting.forEach(f -> assertEquals("SUCCESS", outcome(f.join())));
            caravan.node(0).latency(Duration.ZERO);
        }
    }

    /** A meeting on bbb2, created behind Caravan's back, makes bbb2 the heavier node once polled. */
    private static void makeBbb1TheFirstChoice(CaravanUnderTest caravan) {
        EmulatedNode other = caravan.node(1);
        new BbbClient(other.baseUrl(), other.secret()).get("create", "name=WW&meetingID=weight");
        caravan.awaitPolls(2);
    }

    private static int inFlight(CaravanUnderTest caravan, String node) {
        return caravan.bean("inFlightLimit", InFlightLimit.class).inFlight(node);
    }

    @Test
    void fiveHundredCallsWaitingOnAHungNodeNeitherSlowOtherNodesNorHoldThreads() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2)
                .property("caravan.node.max-in-flight", "1000")
                .property("caravan.client.max-connections-per-node", "1000")
                .property("caravan.node.timeout", "20s")
                .property("caravan.health.suspect-after", "1000").start()) {
            BbbClient client = caravan.client();
            makeBbb1TheFirstChoice(caravan);
            assertEquals("SUCCESS", outcome(client.get("create", "name=HH&meetingID=hung-room")));
            assertTrue(caravan.node(0).hasMeeting("hung-room"));
            long threadsBefore = caravanThreads();
            caravan.node(0).hang(true);
            List<CompletableFuture<HttpResponse<String>>> hung = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                hung.add(client.getAsync("getMeetingInfo", "meetingID=hung-room"));
            }
            CaravanUnderTest.await(() -> inFlight(caravan, "bbb1") == 500, "500 calls waiting on bbb1");
            long threadsWhileWaiting = caravanThreads();
            // one thread per waiting request (the stock platform-http consumer) would be 500 more
            assertTrue(threadsWhileWaiting < threadsBefore + 50,
                    threadsBefore + " threads before, " + threadsWhileWaiting + " with 500 calls waiting");

            // creates and joins for the other node are answered while every one of the 500 still waits; bbb1 has
            // room (limit 1000), but its 500 waiting calls weigh in placement
            for (int i = 0; i < 10; i++) {
                assertEquals("SUCCESS", outcome(client.get("create", "name=FF&meetingID=fast-" + i)));
                assertTrue(caravan.node(1).hasMeeting("fast-" + i), "fast-" + i + " avoided the node with 500 waiting");
                assertEquals(302, client.get("join", "meetingID=fast-" + i + "&fullName=U&role=VIEWER").statusCode());
            }
            assertEquals(0, hung.stream().filter(CompletableFuture::isDone).count(), "the hung calls still wait");
            caravan.node(0).close();
            hung.forEach(f -> assertTrue(List.of("serverUnreachable", "SUCCESS").contains(outcome(f.join()))));
        }
    }

    @Test
    void passiveHealthMarksAHungNodeSuspectAfterTheConfiguredFailuresAndItsMeetingMoves() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2)
                .property("caravan.health.suspect-after", "2")
                .property("caravan.health.offline-after", "1000")
                .property("caravan.node.timeout", "1s")
                .property("caravan.poll.interval", "2s").adminApi().start()) {
            BbbClient client = caravan.client();
            NodeRegistry registry = caravan.registry();
            makeBbb1TheFirstChoice(caravan);
            assertEquals("SUCCESS", outcome(client.get("create", "name=MM&meetingID=moving")));
            EmulatedNode hung = caravan.node(0);
            assertTrue(hung.hasMeeting("moving"));
            hung.hang(true);

            assertEquals("serverUnreachable", outcome(client.get("getMeetingInfo", "meetingID=moving")));
            assertFalse(registry.suspect("bbb1"), "one failure of two");
            int pollsBefore = hung.calls("getMeetings").size();
            assertEquals("serverUnreachable", outcome(client.get("getMeetingInfo", "meetingID=moving")));
            assertTrue(registry.suspect("bbb1"), "two failures in a row");
            assertTrue(registry.canServe("bbb1"), "still online: polls decide that");
            AdminHttp admin = new AdminHttp(caravan.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
            assertTrue(admin.get("/nodes/bbb1").json().path("suspect").asBoolean(), "shown to operators");
            // the suspect node was asked at once, without waiting for the next poll cycle
            CaravanUnderTest.await(() -> hung.calls("getMeetings").size() > pollsBefore, "an immediate poll");

            // new meetings avoid it, and the application's re-create moves its meeting to a live node
            assertEquals("SUCCESS", outcome(client.get("create", "name=NN&meetingID=new-one")));
            assertTrue(caravan.node(1).hasMeeting("new-one"));
            assertEquals("SUCCESS", outcome(client.get("create", "name=MM&meetingID=moving")));
            assertTrue(caravan.node(1).hasMeeting("moving"));
            assertEquals(302, client.get("join", "meetingID=moving&fullName=U&role=VIEWER").statusCode());

            // a good poll clears it
            hung.hang(false);
            CaravanUnderTest.await(() -> !registry.suspect("bbb1"), "bbb1 trusted again after a good poll");
        }
    }

    @Test
    void aNodeThatFailsOnePollTakesNoNewMeetingsUntilAPollSucceeds() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2)
                .property("caravan.health.offline-after", "1000").start()) {
            NodeRegistry registry = caravan.registry();
            caravan.node(0).garbage(true);
            CaravanUnderTest.await(() -> registry.suspect("bbb1"), "bbb1 suspect after a failed poll");
            assertTrue(registry.canServe("bbb1"), "online until offline-after failed polls");
            for (int i = 0; i < 5; i++) {
                assertEquals("SUCCESS", outcome(caravan.client().get("create", "name=PP&meetingID=poll-" + i)));
                assertTrue(caravan.node(1).hasMeeting("poll-" + i));
            }
            caravan.node(0).garbage(false);
            CaravanUnderTest.await(() -> !registry.suspect("bbb1"), "bbb1 trusted after a good poll");
        }
    }

    @Test
    void lookupsOfUnknownMeetingsWhileNodesHangEndWithinTheLookupTimeoutAndShareOneSearch() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(3)
                .property("caravan.lookup.timeout", "1s")
                .property("caravan.poll.interval", "1h").startWithoutWaitingForPolls()) {
            caravan.nodes().forEach(node -> caravan.awaitOnline(node.name(), true));
            // created on bbb3 behind Caravan's back, after its only poll: the directory does not know it
            EmulatedNode owner = caravan.node(2);
            new BbbClient(owner.baseUrl(), owner.secret()).get("create", "name=DD&meetingID=direct-room");
            caravan.node(0).hang(true);
            caravan.node(1).hang(true);
            BbbClient client = caravan.client();

            long start = System.nanoTime();
            assertEquals("SUCCESS", outcome(client.get("getMeetingInfo", "meetingID=direct-room")));
            long foundMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(foundMillis < 1000, "bbb3's answer ends the search; it took " + foundMillis + " ms");

            // twenty lookups of a meeting nobody has: one search, over when the lookup timeout is
            caravan.nodes().forEach(EmulatedNode::clearCalls);
            start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> lookups = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                lookups.add(client.getAsync("getMeetingInfo", "meetingID=nowhere-room"));
            }
            lookups.forEach(f -> assertEquals("notFound", outcome(f.join())));
            long notFoundMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(notFoundMillis < 2500, "a hung node held the lookups " + notFoundMillis + " ms");
            for (EmulatedNode node : caravan.nodes()) {
                int asked = node.calls("getMeetingInfo").size();
                assertTrue(asked >= 1 && asked <= 3, node.name() + " was asked " + asked + " times for 20 lookups");
            }
        }
    }

    @Test
    void requestsBeyondTheInstanceLimitAreAnsweredBusyAtOnce() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1)
                .property("caravan.http.max-in-flight", "5").property("caravan.node.timeout", "20s")
                .property("caravan.health.suspect-after", "1000").start()) {
            BbbClient client = caravan.client();
            client.get("create", "name=LL&meetingID=limit-room");
            caravan.node(0).hang(true);
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                waiting.add(client.getAsync("getMeetingInfo", "meetingID=limit-room"));
            }
            // at least: Caravan's own calls to the node (its webhooks check) may wait on it too, and take no API permit
            CaravanUnderTest.await(() -> inFlight(caravan, "bbb1") >= 5, "five calls waiting");
            HttpResponse<String> refused = client.get("isMeetingRunning", "meetingID=limit-room");
            assertEquals(200, refused.statusCode());
            assertEquals("serverBusy", outcome(refused));
            HttpResponse<String> admin = client.getUrl(caravan.baseUrl() + "/health");
            assertEquals(503, admin.statusCode());
            assertTrue(admin.body().startsWith("{\"error\""), admin.body());
            caravan.node(0).hang(false);
            caravan.node(0).close();
            waiting.forEach(f -> assertEquals("serverUnreachable", outcome(f.join())));
            // the permits came back
            assertEquals(200, client.getUrl(caravan.baseUrl() + "/health/live").statusCode());
        }
    }
}
