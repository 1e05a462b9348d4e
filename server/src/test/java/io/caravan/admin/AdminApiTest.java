package io.caravan.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.emulator.EmulatedNode;
import io.caravan.support.AdminHttp.Answer;
import io.caravan.support.AdminHttp;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The admin API end to end: a real Caravan with the admin token, emulated nodes, real HTTP. */
@Tag("end-to-end")
class AdminApiTest {

    private static AdminHttp admin(CaravanUnderTest caravan) {
        return new AdminHttp(caravan.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
    }

    private static String create(CaravanUnderTest caravan, String meetingId) {
        Xml xml = Xml.parse(caravan.client().get("create", "name=Room+" + meetingId + "&meetingID=" + meetingId)
                .body());
        assertEquals("SUCCESS", xml.returncode(), meetingId);
        return meetingId;
    }

    private static EmulatedNode hostOf(CaravanUnderTest caravan, String meetingId) {
        return caravan.nodes().stream().filter(n -> n.hasMeeting(meetingId)).findFirst().orElseThrow();
    }

    @Test
    void withoutConfiguredTokenEveryEndpointIsForbidden() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1).start()) {
            AdminHttp withToken = new AdminHttp(caravan.baseUrl(), "anything");
            for (String path : List.of("/nodes", "/nodes/bbb1", "/meetings", "/meetings/x")) {
                Answer answer = withToken.get(path);
                assertEquals(403, answer.status(), path);
                assertEquals("admin API disabled: set caravan.admin.token", answer.error());
            }
            assertEquals(403, withToken.post("/nodes/bbb1/cordon", null).status());
        }
    }

    @Test
    void missingOrWrongTokenIsUnauthorizedAndTheBbbSecretIsNoAdminCredential() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1).adminApi().start()) {
            assertEquals(401, new AdminHttp(caravan.baseUrl(), null).get("/nodes").status());
            assertEquals(401, new AdminHttp(caravan.baseUrl(), "wrong").get("/nodes").status());
            Answer bySecret = new AdminHttp(caravan.baseUrl(), CaravanUnderTest.SECRET).get("/nodes");
            assertEquals(401, bySecret.status());
            assertTrue(bySecret.response().headers().firstValue("Content-Type").orElse("").contains("json"));
            assertEquals(200, admin(caravan).get("/nodes").status());
        }
    }

    @Test
    void nodesAreListedAndShownWithoutSecretsOrEchoedHeaders() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).adminApi().start()) {
            create(caravan, "listed-1");
            caravan.awaitPolls(2);
            Answer list = admin(caravan).get("/nodes?token=leak");
            assertEquals(200, list.status());
            assertFalse(list.body().contains("node-secret"), list.body());
            assertFalse(list.body().contains(CaravanUnderTest.ADMIN_TOKEN));
            assertTrue(list.response().headers().firstValue("Authorization").isEmpty());
            assertTrue(list.response().headers().firstValue("token").isEmpty());
            JsonNode nodes = list.json().path("nodes");
            assertEquals(2, nodes.size());
            JsonNode bbb1 = nodes.get(0);
            assertEquals("bbb1", bbb1.path("name").asText());
            assertTrue(bbb1.path("url").asText().startsWith("http://127.0.0.1:" + caravan.node(0).port() + "/"));
            assertTrue(bbb1.path("url").asText().endsWith("/api"));
            assertEquals("enabled", bbb1.path("state").asText());
            assertTrue(bbb1.path("online").asBoolean());
            assertTrue(bbb1.has("lastPollAt") && !bbb1.path("lastPollAt").isNull());
            for (String field : List.of("cluster", "meetings", "attendees", "cpu", "load", "tags", "loadFactor",
                    "checksum", "loadUrl", "lastError")) {
                assertTrue(bbb1.has(field), field);
            }
            int meetings = nodes.get(0).path("meetings").asInt() + nodes.get(1).path("meetings").asInt();
            assertEquals(1, meetings);

            Answer one = admin(caravan).get("/nodes/bbb2");
            assertEquals(200, one.status());
            assertEquals("bbb2", one.json().path("name").asText());
            assertEquals(404, admin(caravan).get("/nodes/nope").status());
            assertTrue(admin(caravan).get("/nodes/nope").error().contains("nope"));
        }
    }

    @Test
    void addedNodeIsCheckedSavedAndTakesMeetings() throws Exception {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1).adminApi().start();
                EmulatedNode extra = EmulatedNode.start("extra", 0, "extra-secret")) {
            Answer added = admin(caravan).post("/nodes", "{\"name\":\"bbb9\",\"url\":\"" + extra.baseUrl()
                    + "\",\"secret\":\"extra-secret\",\"tags\":[\"eu\"],\"loadFactor\":0.5}");
            assertEquals(201, added.status(), added.body());
            assertEquals("bbb9", added.json().path("name").asText());
            assertEquals(0.5, added.json().path("loadFactor").asDouble());
            assertEquals("eu", added.json().path("tags").get(0).asText());
            assertFalse(added.body().contains("extra-secret"));
            assertFalse(extra.calls("getMeetings").isEmpty(), "the new node is checked before it is added");

            caravan.awaitOnline("bbb9", true);
            admin(caravan).post("/nodes/bbb1/cordon", null);
            // the added node is tagged: only a create asking for its tag may go there (Scalelite's semantics)
            assertEquals("SUCCESS", Xml.parse(caravan.client().get("create",
                    "name=Added&meetingID=on-added-node&meta_server-tag=eu").body()).returncode());
            assertTrue(extra.hasMeeting("on-added-node"));

            String state = java.nio.file.Files.readString(caravan.dataDir().resolve("state.json"));
            assertTrue(state.contains("bbb9"));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(caravan.dataDir().resolve("state.json"))));
        }
    }

    @Test
    void anAddedNodeIsPolledAtOnceNotAtTheNextCycle() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1).adminApi()
                .property("caravan.poll.interval", "1h").startWithoutWaitingForPolls();
                EmulatedNode extra = EmulatedNode.start("extra", 0, "extra-secret")) {
            caravan.awaitOnline("bbb1", true);
            assertEquals(201, admin(caravan).post("/nodes", "{\"name\":\"bbb9\",\"url\":\"" + extra.baseUrl()
                    + "\",\"secret\":\"extra-secret\"}").status());
            caravan.awaitOnline("bbb9", true);
            admin(caravan).post("/nodes/bbb1/cordon", null);
            assertEquals("SUCCESS", Xml.parse(caravan.client().get("create", "name=Now&meetingID=now").body())
                    .returncode());
            assertTrue(extra.hasMeeting("now"), "the node added a moment ago takes the meeting");
        }
    }

    @Test
    void invalidNewNodesAreRefusedAndNothingIsSaved() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1).adminApi().start()) {
            AdminHttp admin = admin(caravan);
            Answer badJson = admin.post("/nodes", "{not json");
            assertEquals(400, badJson.status());
            assertTrue(badJson.error().contains("not valid JSON"), badJson.error());

            Answer badUrl = admin.post("/nodes", "{\"name\":\"x\",\"url\":\"ftp://x\",\"secret\":\"s\"}");
            assertEquals(400, badUrl.status());
            assertTrue(badUrl.error().contains("url 'ftp://x'"), badUrl.error());

            Answer noSecret = admin.post("/nodes", "{\"name\":\"x\",\"url\":\"http://x\"}");
            assertEquals(400, noSecret.status());
            assertTrue(noSecret.error().contains("'secret' is required"), noSecret.error());

            Answer unknownField = admin.post("/nodes", "{\"name\":\"x\",\"url\":\"http://x\",\"secret\":\"s\",\"foo\":1}");
            assertEquals(400, unknownField.status());
            assertTrue(unknownField.error().contains("unknown field 'foo'"), unknownField.error());

            Answer badFactor = admin.post("/nodes",
                    "{\"name\":\"x\",\"url\":\"http://x\",\"secret\":\"s\",\"loadFactor\":0}");
            assertEquals(400, badFactor.status());
            assertTrue(badFactor.error().contains("load-factor"), badFactor.error());

            Answer duplicate = admin.post("/nodes", "{\"name\":\"bbb1\",\"url\":\"" + caravan.node(0).baseUrl()
                    + "\",\"secret\":\"" + caravan.node(0).secret() + "\"}");
            assertEquals(409, duplicate.status());
            assertTrue(duplicate.error().contains("already exists"));

            int deadPort = CaravanUnderTest.freePort();
            Answer unreachable = admin.post("/nodes", "{\"name\":\"dead\",\"url\":\"http://127.0.0.1:" + deadPort
                    + "/bigbluebutton\",\"secret\":\"s\"}");
            assertEquals(502, unreachable.status(), unreachable.body());
            assertTrue(unreachable.error().contains("dead"), unreachable.error());

            Answer wrongSecret = admin.post("/nodes", "{\"name\":\"wrong\",\"url\":\"" + caravan.node(0).baseUrl()
                    + "\",\"secret\":\"not-the-secret\"}");
            assertEquals(400, wrongSecret.status(), wrongSecret.body());
            assertTrue(wrongSecret.error().contains("checksumError"), wrongSecret.error());

            assertEquals(1, admin.get("/nodes").json().path("nodes").size());
            assertFalse(java.nio.file.Files.exists(caravan.dataDir().resolve("state.json")));
        }
    }

    @Test
    void patchChangesANodeAllOrNothing() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1).adminApi().start()) {
            AdminHttp admin = admin(caravan);
            Answer patched = admin.send("PATCH", "/nodes/bbb1", "{\"loadFactor\":2,\"tags\":[\"big\"]}");
            assertEquals(200, patched.status(), patched.body());
            assertEquals(2.0, patched.json().path("loadFactor").asDouble());

            Answer invalid = admin.send("PATCH", "/nodes/bbb1", "{\"tags\":[\"small\"],\"url\":\"nope\"}");
            assertEquals(400, invalid.status());
            JsonNode after = admin.get("/nodes/bbb1").json();
            assertEquals("big", after.path("tags").get(0).asText());

            assertEquals(400, admin.send("PATCH", "/nodes/bbb1", "{\"name\":\"other\"}").status());
            assertEquals(404, admin.send("PATCH", "/nodes/ghost", "{\"loadFactor\":2}").status());
        }
    }

    @Test
    void cordonedNodeTakesNoNewMeetingsWhileItsMeetingsKeepWorking() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).adminApi().start()) {
            List<String> before = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                before.add(create(caravan, "before-" + i));
            }
            String onBbb1 = before.stream().filter(id -> caravan.node(0).hasMeeting(id)).findFirst().orElseThrow();
            Answer cordoned = admin(caravan).post("/nodes/bbb1/cordon", null);
            assertEquals(200, cordoned.status());
            assertEquals("cordoned", cordoned.json().path("state").asText());

            for (int i = 0; i < 5; i++) {
                assertEquals(caravan.node(1), hostOf(caravan, create(caravan, "after-" + i)));
            }
            Xml info = Xml.parse(caravan.client().get("getMeetingInfo", "meetingID=" + onBbb1).body());
            assertEquals("SUCCESS", info.returncode());

            assertEquals("disabled", admin(caravan).post("/nodes/bbb1/disable", null).json().path("state").asText());
            assertEquals("enabled", admin(caravan).post("/nodes/bbb1/enable", null).json().path("state").asText());
            assertEquals(404, admin(caravan).post("/nodes/bbb1/explode", null).status());
            assertEquals(404, admin(caravan).post("/nodes/ghost/cordon", null).status());

            // query parameters cannot replace path parameters
            Answer spoofed = admin(caravan).post("/nodes/bbb1/cordon?name=bbb2&action=panic", null);
            assertEquals("bbb1", spoofed.json().path("name").asText());
            assertEquals("cordoned", spoofed.json().path("state").asText());
            assertEquals(io.caravan.inventory.NodeState.ENABLED,
                    caravan.registry().node("bbb2").orElseThrow().state());
        }
    }

    @Test
    void removeIsRefusedWhileTheNodeHostsMeetingsUnlessForced() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1).adminApi().start()) {
            create(caravan, "hosted-1");
            caravan.awaitPolls(2);
            Answer refused = admin(caravan).send("DELETE", "/nodes/bbb1", null);
            assertEquals(409, refused.status());
            assertTrue(refused.error().contains("hosts 1 meetings"), refused.error());

            Answer forced = admin(caravan).send("DELETE", "/nodes/bbb1?force=true", null);
            assertEquals(200, forced.status(), forced.body());
            assertEquals(404, admin(caravan).get("/nodes/bbb1").status());
            assertEquals("notFound", Xml.parse(caravan.client().get("getMeetingInfo", "meetingID=hosted-1").body())
                    .messageKey());
            assertEquals(404, admin(caravan).send("DELETE", "/nodes/bbb1", null).status());
        }
    }

    @Test
    void removeOfAnIdleNodeSucceeds() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).adminApi().start()) {
            assertEquals(200, admin(caravan).send("DELETE", "/nodes/bbb2", null).status());
            assertEquals(1, admin(caravan).get("/nodes").json().path("nodes").size());
        }
    }

    @Test
    void panicEndsTheNodesMeetingsAndDisablesIt() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1).adminApi().start()) {
            create(caravan, "panic-1");
            create(caravan, "panic-2");
            caravan.awaitPolls(2);
            Answer panic = admin(caravan).post("/nodes/bbb1/panic", null);
            assertEquals(200, panic.status(), panic.body());
            assertEquals(2, panic.json().path("meetingsEnded").asInt());
            assertEquals(0, panic.json().path("endsFailed").asInt());
            assertEquals("disabled", panic.json().path("node").path("state").asText());
            assertEquals(0, caravan.node(0).meetingCount());
            assertEquals(2, caravan.node(0).calls("end").size());
        }
    }

    @Test
    void meetingsAreListedShownAndEnded() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).adminApi().start()) {
            create(caravan, "m-1");
            create(caravan, "m-2");
            caravan.awaitPolls(2);
            AdminHttp admin = admin(caravan);
            JsonNode all = admin.get("/meetings").json().path("meetings");
            assertEquals(2, all.size(), all.toString());
            String node = hostOf(caravan, "m-1").name();
            JsonNode ofNode = admin.get("/meetings?node=" + node).json().path("meetings");
            assertTrue(ofNode.size() >= 1);
            ofNode.forEach(m -> assertEquals(node, m.path("node").asText()));
            assertEquals(404, admin.get("/meetings?node=ghost").status());

            Answer one = admin.get("/meetings/m-1");
            assertEquals(200, one.status());
            assertEquals("m-1", one.json().path("meetingID").asText());
            assertEquals("Room m-1", one.json().path("name").asText());
            assertEquals(node, one.json().path("node").asText());
            assertEquals(404, admin.get("/meetings/ghost").status());

            Answer ended = admin.post("/meetings/m-1/end", null);
            assertEquals(200, ended.status(), ended.body());
            assertFalse(hostOf(caravan, "m-2").hasMeeting("m-1"));
            assertFalse(caravan.nodes().stream().anyMatch(n -> n.hasMeeting("m-1")));
            assertEquals(404, admin.post("/meetings/ghost/end", null).status());
            assertEquals(405, admin.send("DELETE", "/meetings/m-2", null).status());
        }
    }
}
