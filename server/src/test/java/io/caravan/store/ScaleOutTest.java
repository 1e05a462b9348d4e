package io.caravan.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.emulator.EmulatedNode;
import io.caravan.inventory.NodeState;
import io.caravan.support.AdminHttp;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.JoinError;
import io.caravan.support.RedisUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Several Caravan instances in one JVM sharing state through a real Redis server, in front of the same emulated
 * nodes, as an operator runs them behind nginx. Each test uses its own key prefix, so tests never see each other's
 * state in the shared Redis.
 */
@Tag("end-to-end")
class ScaleOutTest {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

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

    private static CaravanUnderTest.Builder sharing(RedisUnderTest server) {
        return CaravanUnderTest.builder().adminApi()
                .property("caravan.store", "redis")
                .property("caravan.redis.url", server.url())
                .property("caravan.redis.timeout", "1s")
                .property("caravan.redis.key-prefix", "test" + PREFIXES.incrementAndGet() + ":");
    }

    @Test
    void concurrentCreatesOverThreeInstancesPutEachMeetingOnOneNode() {
        try (CaravanUnderTest a = sharing(redis).start(); CaravanUnderTest b = a.another();
                CaravanUnderTest c = a.another()) {
            List<BbbClient> clients = List.of(a.client(), b.client(), c.client());
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(clients.get(i % 3).getAsync("create", "name=Room&meetingID=room-" + (i % 20)));
            }
            List<String> codes = answers.stream().map(CompletableFuture::join)
                    .map(r -> Xml.parse(r.body()).returncode()).toList();
            assertTrue(codes.stream().allMatch("SUCCESS"::equals), codes.toString());
            for (int m = 0; m < 20; m++) {
                String query = "meetingID=room-" + m;
                List<String> reached = a.nodes().stream()
                        .filter(n -> n.calls("create").stream().anyMatch(call -> call.rawQuery().contains(query + "&")
                                || call.rawQuery().endsWith(query)))
                        .map(EmulatedNode::name).toList();
                assertEquals(1, reached.size(), "room-" + m + " reached " + reached);
                String id = "room-" + m;
                assertEquals(1, a.nodes().stream().filter(n -> n.hasMeeting(id)).count(), id);
            }
        }
    }

    @Test
    void aCordonOnOneInstanceIsObeyedByTheOthers() {
        try (CaravanUnderTest a = sharing(redis).start(); CaravanUnderTest b = a.another()) {
            assertEquals(200, admin(a).post("/nodes/bbb1/cordon", null).status());
            CaravanUnderTest.await(() -> b.registry().node("bbb1").orElseThrow().state() == NodeState.CORDONED,
                    "instance b sees bbb1 cordoned");
            assertEquals("cordoned", admin(b).get("/nodes/bbb1").json().path("state").asText());
            for (int i = 0; i < 12; i++) {
                assertEquals("SUCCESS", Xml.parse(b.client().get("create", "name=RR&meetingID=after-cordon-" + i)
                        .body()).returncode());
            }
            assertEquals(0, a.node(0).meetingCount(), "no new meeting on the cordoned node");

            assertEquals(200, admin(b).post("/nodes/bbb1/enable", null).status());
            CaravanUnderTest.await(() -> a.registry().node("bbb1").orElseThrow().state() == NodeState.ENABLED,
                    "instance a sees bbb1 enabled again");
        }
    }

    @Test
    void nodesAndTenantsAddedThroughOneInstanceServeOnTheOthers() {
        try (CaravanUnderTest a = sharing(redis).clustersYaml("""
                tenants:
                  - name: first
                    secrets: [first-secret]
                    hostnames: [first.example.org]
                """).start(); CaravanUnderTest b = a.another();
                EmulatedNode extra = EmulatedNode.start("bbb9", 0, "extra-secret")) {
            assertEquals(201, admin(a).post("/tenants", """
                    {"name": "zeta", "secrets": ["zeta-secret"], "hostnames": ["zeta.example.org"]}""").status());
            CaravanUnderTest.await(() -> "SUCCESS".equals(Xml.parse(tenantCall(b, "zeta.example.org", "zeta-secret",
                    "create", "name=ZZ&meetingID=z1").join().body()).returncode()), "b serves the new tenant");

            assertEquals(201, admin(a).post("/nodes", "{\"name\":\"bbb9\",\"url\":\"" + extra.baseUrl()
                    + "\",\"secret\":\"extra-secret\"}").status());
            CaravanUnderTest.await(() -> b.registry().canServe("bbb9"), "b polls the new node and finds it online");
            for (String name : List.of("bbb1", "bbb2", "bbb3")) {
                assertEquals(200, admin(b).post("/nodes/" + name + "/cordon", null).status());
            }
            CaravanUnderTest.await(() -> a.registry().node("bbb3").orElseThrow().state() == NodeState.CORDONED,
                    "a sees b's cordons");
            CaravanUnderTest.await(() -> a.registry().canServe("bbb9"), "a finds its new node online");
            String created = tenantCall(a, "first.example.org", "first-secret", "create",
                    "name=NN&meetingID=on-extra").join().body();
            assertEquals("SUCCESS", Xml.parse(created).returncode(), created);
            assertTrue(extra.hasMeeting("first~on-extra"), "the only enabled node is the one added through a");
        }
    }

    @Test
    void aNodeAddedThroughOneInstanceIsPolledAtOnceByEveryInstance() {
        // polls an hour apart: only the poll a new node gets when an instance learns of it can bring it online
        try (CaravanUnderTest a = sharing(redis).property("caravan.poll.interval", "1h").startWithoutWaitingForPolls();
                CaravanUnderTest b = a.another();
                EmulatedNode extra = EmulatedNode.start("bbb9", 0, "extra-secret")) {
            a.awaitOnline("bbb1", true);
            b.awaitOnline("bbb1", true);
            assertEquals(201, admin(a).post("/nodes", "{\"name\":\"bbb9\",\"url\":\"" + extra.baseUrl()
                    + "\",\"secret\":\"extra-secret\"}").status());
            CaravanUnderTest.await(() -> a.registry().canServe("bbb9"), "a polls the node it added at once");
            CaravanUnderTest.await(() -> b.registry().canServe("bbb9"), "b polls the node a added at once");
        }
    }

    @Test
    void placementsOnOneInstanceWeighOnTheOthers() {
        // polls an hour apart: after the first one, only the placement events tell an instance of the other's meetings;
        // placement by load alone (no latency term), so that the nodes' answer times on a busy machine cannot break a
        // tie differently on the two instances
        try (CaravanUnderTest a = sharing(redis).property("caravan.poll.interval", "1h")
                .property("caravan.placement.latency-weight", "0").startWithoutWaitingForPolls();
                CaravanUnderTest b = a.another()) {
            for (CaravanUnderTest instance : List.of(a, b)) {
                a.nodes().forEach(n -> instance.awaitOnline(n.name(), true));
            }
            // creates alternate between the instances; each sees the other's placements as load, so together they
            // fill the three empty nodes round by round. Alone, each would only spread its own meetings, and the
            // nodes would drift apart as soon as both picked the same one.
            for (int i = 0; i < 30; i++) {
                CaravanUnderTest via = i % 2 == 0 ? a : b;
                CaravanUnderTest other = via == a ? b : a;
                Map<String, Double> before = new HashMap<>();
                a.nodes().forEach(n -> before.put(n.name(), other.registry().load(n.name())));
                String id = "spread-" + i;
                assertEquals("SUCCESS", Xml.parse(via.client().get("create", "name=SS&meetingID=" + id)
                        .body()).returncode());
                String host = nodeOf(a, id).name();
                CaravanUnderTest.await(() -> other.registry().load(host) > before.get(host),
                        "the other instance counts " + id + " on " + host);
                if ((i + 1) % 3 == 0) {
                    int round = (i + 1) / 3;
                    for (EmulatedNode node : a.nodes()) {
                        assertEquals(round, node.meetingCount(), node.name() + " after " + (i + 1) + " creates");
                    }
                }
            }
        }
    }

    @Test
    void aTenantsMeetingLimitHoldsOverAllInstances() {
        try (CaravanUnderTest a = sharing(redis).clustersYaml("""
                tenants:
                  - name: small
                    secrets: [small-secret]
                    hostnames: [small.example.org]
                    max-meetings: 3
                """).start(); CaravanUnderTest b = a.another()) {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(tenantCall(i % 2 == 0 ? a : b, "small.example.org", "small-secret", "create",
                        "name=TT&meetingID=limited-" + i));
            }
            Map<String, Integer> outcomes = new HashMap<>();
            answers.stream().map(CompletableFuture::join).map(r -> Xml.parse(r.body()))
                    .forEach(x -> outcomes.merge(x.returncode() + " " + x.messageKey(), 1, Integer::sum));
            assertEquals(3, outcomes.getOrDefault("SUCCESS null", 0) + outcomes.getOrDefault("SUCCESS ", 0),
                    outcomes.toString());
            assertEquals(9, outcomes.getOrDefault("FAILED maxMeetingsReached", 0), outcomes.toString());
            assertEquals(3, a.nodes().stream().mapToInt(EmulatedNode::meetingCount).sum());

            // ending one through the other instance frees a place at once
            String running = a.nodes().stream().flatMap(n -> java.util.stream.IntStream.range(0, 12)
                    .mapToObj(i -> "small~limited-" + i).filter(n::hasMeeting)).findFirst().orElseThrow();
            String clientId = running.substring("small~".length());
            assertEquals("SUCCESS", Xml.parse(tenantCall(b, "small.example.org", "small-secret", "end",
                    "meetingID=" + clientId).join().body()).returncode());
            assertEquals("SUCCESS", Xml.parse(tenantCall(a, "small.example.org", "small-secret", "create",
                    "name=TT&meetingID=next-one").join().body()).returncode());
        }
    }

    @Test
    void aTenantsAttendeeLimitCountsJoinsOfAllInstances() {
        try (CaravanUnderTest a = sharing(redis).property("caravan.poll.interval", "3s").clustersYaml("""
                tenants:
                  - name: crowd
                    secrets: [crowd-secret]
                    hostnames: [crowd.example.org]
                    max-attendees: 4
                """).start(); CaravanUnderTest b = a.another()) {
            assertEquals("SUCCESS", Xml.parse(tenantCall(a, "crowd.example.org", "crowd-secret", "create",
                    "name=CC&meetingID=crowded").join().body()).returncode());
            EmulatedNode host = nodeOf(a, "crowd~crowded");
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> join = tenantCall(i % 2 == 0 ? a : b, "crowd.example.org", "crowd-secret",
                        "join", "meetingID=crowded&fullName=U" + i + "&role=VIEWER").join();
                assertEquals(302, join.statusCode(), join.body());
                host.addAttendees("crowd~crowded", 1); // the user arrives on the node
                pause(20);
            }
            for (CaravanUnderTest via : List.of(a, b)) {
                JoinError refused = JoinError.of(tenantCall(via, "crowd.example.org", "crowd-secret", "join",
                        "meetingID=crowded&fullName=Late&role=VIEWER").join());
                assertEquals("maxAttendeesReached", refused.key(), "the fifth join is refused everywhere");
            }
        }
    }

    @Test
    void withoutRedisJoinsOfKnownMeetingsWorkCreatesFailAndAllRecoversWhenItReturns() {
        try (RedisUnderTest own = RedisUnderTest.start(); CaravanUnderTest a = sharing(own).start();
                CaravanUnderTest b = a.another()) {
            assertEquals("SUCCESS", Xml.parse(a.client().get("create", "name=KK&meetingID=known").body())
                    .returncode());
            EmulatedNode host = nodeOf(a, "known");
            assertEquals(200, admin(a).post("/nodes/" + otherThan(a, host).name() + "/cordon", null).status());
            String cordoned = otherThan(a, host).name();
            CaravanUnderTest.await(() -> b.registry().node(cordoned).orElseThrow().state() == NodeState.CORDONED,
                    "b sees the cordon");
            assertEquals(host.port(), joinTarget(b, "known").getPort(), "b knows the meeting");

            own.stop();
            CaravanUnderTest.await(() -> !health(a).path("store").path("available").asBoolean(true),
                    "a reports Redis unavailable");
            JsonNode health = health(a);
            assertEquals("DEGRADED", health.path("status").asText());
            assertEquals("redis", health.path("store").path("type").asText());
            assertTrue(health.path("ready").asBoolean(), "joins still work: the instance stays in the proxy");
            assertTrue(metrics(a).contains("caravan_store_available 0.0"), "the metric shows it too");

            assertEquals(host.port(), joinTarget(b, "known").getPort(), "joins of known meetings keep working");
            assertEquals(host.port(), joinTarget(a, "known").getPort());
            Xml refused = Xml.parse(b.client().get("create", "name=NN&meetingID=new-during-outage").body());
            assertEquals("FAILED", refused.returncode());
            assertEquals("sharedStateUnavailable", refused.messageKey());
            assertEquals(0, a.nodes().stream().filter(n -> n.hasMeeting("new-during-outage")).count());
            assertEquals(503, admin(a).post("/nodes/bbb1/enable", null).status(),
                    "admin changes wait for Redis too");

            own.restart(); // empty: a Redis without persistence
            CaravanUnderTest.await(() -> health(a).path("store").path("available").asBoolean(false)
                    && health(b).path("store").path("available").asBoolean(false), "both see Redis again");
            assertEquals("UP", health(b).path("status").asText());
            assertEquals("SUCCESS", Xml.parse(b.client().get("create", "name=NN&meetingID=new-during-outage")
                    .body()).returncode());
            assertEquals(1, a.nodes().stream().filter(n -> n.hasMeeting("new-during-outage")).count());
            assertEquals("SUCCESS", Xml.parse(b.client().get("create", "name=KK&meetingID=known").body())
                    .returncode());
            assertEquals(1, a.nodes().stream().filter(n -> n.hasMeeting("known")).count(),
                    "the running meeting stays on its one node");
            assertTrue(host.hasMeeting("known"));
            CaravanUnderTest.await(() -> own.command("EXISTS " + prefix(a) + "admin-state").equals(":1"),
                    "the admin changes are back in Redis");
            assertEquals(NodeState.CORDONED, b.registry().node(cordoned).orElseThrow().state());
        }
    }

    @Test
    void anInstanceStartsWithoutRedisAndUsesItOnceItComes() {
        try (RedisUnderTest late = RedisUnderTest.start()) {
            late.stop();
            try (CaravanUnderTest a = sharing(late).start()) {
                assertEquals("DEGRADED", health(a).path("status").asText());
                assertEquals("sharedStateUnavailable", Xml.parse(a.client().get("create",
                        "name=EE&meetingID=early").body()).messageKey());
                late.restart();
                CaravanUnderTest.await(() -> "UP".equals(health(a).path("status").asText()), "Redis used");
                assertEquals("SUCCESS", Xml.parse(a.client().get("create", "name=EE&meetingID=early").body())
                        .returncode());
                assertEquals(":1", late.command("EXISTS " + prefix(a) + "meeting:early"));
            }
        }
    }

    @Test
    void theRedisPasswordAndTheCallbacksKeyAreNeverLoggedNorShown() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        root.addAppender(logged);
        String password = "pw-" + PREFIXES.incrementAndGet() + "-never-shown";
        String callbacksKey = "callbacks-key-" + PREFIXES.incrementAndGet();
        try (CaravanUnderTest a = sharing(redis).property("caravan.callbacks.key", callbacksKey)
                .property("caravan.redis.url", "redis://:" + password + "@127.0.0.1:" + CaravanUnderTest.freePort()
                        + "/0").start()) {
            JsonNode health = health(a);
            assertFalse(health.path("store").path("available").asBoolean(true));
            assertFalse(health.toString().contains(password), health.toString());
            assertFalse(metrics(a).contains(password));
        } finally {
            root.detachAppender(logged);
        }
        List<String> lines = logged.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("caravan.redis.url")), "the summary names the key");
        assertTrue(lines.stream().noneMatch(l -> l.contains(password) || l.contains(callbacksKey)),
                lines.stream().filter(l -> l.contains(password) || l.contains(callbacksKey)).toList().toString());
    }

    @Test
    void aRestartedInstanceLosesNothing() {
        try (CaravanUnderTest a = sharing(redis).start(); CaravanUnderTest b = a.another()) {
            assertEquals(200, admin(a).post("/nodes/bbb2/cordon", null).status());
            for (int i = 0; i < 6; i++) {
                assertEquals("SUCCESS", Xml.parse(a.client().get("create", "name=RR&meetingID=kept-" + i).body())
                        .returncode());
            }
            b.restart();
            assertEquals(NodeState.CORDONED, b.registry().node("bbb2").orElseThrow().state());
            for (int i = 0; i < 6; i++) {
                String id = "kept-" + i;
                EmulatedNode host = nodeOf(a, id);
                assertEquals(host.port(), joinTarget(b, id).getPort(), id);
                assertEquals("SUCCESS", Xml.parse(b.client().get("create", "name=RR&meetingID=" + id).body())
                        .returncode());
                assertEquals(1, a.nodes().stream().filter(n -> n.hasMeeting(id)).count(), id);
            }
        }
    }

    @Test
    void aRecordingChangedThroughOneInstanceChangesAtOnceOnTheOthers() {
        // recordings polls an hour apart: only the shared change can update the other instance's index
        try (CaravanUnderTest a = sharing(redis).property("caravan.recordings.poll-interval", "1h")
                .prepareNodes(nodes -> {
                    nodes.get(0).addRecording("lecture", "rec-kept", true, Map.of());
                    nodes.get(1).addRecording("lecture", "rec-hidden", true, Map.of());
                    nodes.get(2).addRecording("seminar", "rec-deleted", true, Map.of());
                }).start(); CaravanUnderTest b = a.another()) {
            CaravanUnderTest.await(() -> b.client().get("getRecordings", "state=any").body().contains("rec-deleted"),
                    "b indexed the recordings");

            Xml hidden = Xml.parse(a.client().get("publishRecordings", "recordID=rec-hidden&publish=false").body());
            assertEquals("SUCCESS", hidden.returncode());
            Xml deleted = Xml.parse(a.client().get("deleteRecordings", "recordID=rec-deleted").body());
            assertEquals("SUCCESS", deleted.returncode());

            CaravanUnderTest.await(() -> !b.client().get("getRecordings", "state=any").body()
                    .contains("rec-deleted"), "b no longer lists the deleted recording");
            CaravanUnderTest.await(() -> b.client().get("getRecordings", "recordID=rec-hidden&state=unpublished")
                    .body().contains("rec-hidden"), "b lists the recording as unpublished");
            String published = b.client().get("getRecordings", "state=published").body();
            assertTrue(published.contains("rec-kept") && !published.contains("rec-hidden"), published);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static AdminHttp admin(CaravanUnderTest caravan) {
        return new AdminHttp(caravan.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
    }

    private static String prefix(CaravanUnderTest caravan) {
        return caravan.bean("settings", io.caravan.config.Settings.class).store().keyPrefix();
    }

    private static JsonNode health(CaravanUnderTest caravan) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(caravan.baseUrl() + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(answer.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String metrics(CaravanUnderTest caravan) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(caravan.baseUrl() + "/metrics"))
                    .header("Authorization", "Bearer " + CaravanUnderTest.ADMIN_TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static EmulatedNode nodeOf(CaravanUnderTest caravan, String meetingID) {
        List<EmulatedNode> hosts = caravan.nodes().stream().filter(n -> n.hasMeeting(meetingID)).toList();
        assertEquals(1, hosts.size(), meetingID + " on " + hosts);
        return hosts.get(0);
    }

    private static EmulatedNode otherThan(CaravanUnderTest caravan, EmulatedNode node) {
        return caravan.nodes().stream().filter(n -> n != node).findFirst().orElseThrow();
    }

    /** Where a join redirects to. */
    private static URI joinTarget(CaravanUnderTest caravan, String meetingID) {
        HttpResponse<String> answer = caravan.client().get("join", "fullName=U&meetingID=" + meetingID
                + "&role=VIEWER");
        assertEquals(302, answer.statusCode(), answer.body());
        return URI.create(answer.headers().firstValue("Location").orElseThrow());
    }

    private static CompletableFuture<HttpResponse<String>> tenantCall(CaravanUnderTest caravan, String host,
            String secret, String call, String query) {
        BbbClient client = new BbbClient(caravan.apiUrl(), secret);
        return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(client.url(call, query)))
                .header("X-Forwarded-Host", host).GET().build(), HttpResponse.BodyHandlers.ofString());
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
