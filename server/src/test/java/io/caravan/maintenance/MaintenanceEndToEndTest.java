package io.caravan.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.cli.CaravanCli;
import io.caravan.emulator.ChatMessage;
import io.caravan.emulator.EmulatedNode;
import io.caravan.inventory.NodeState;
import io.caravan.support.AdminHttp;
import io.caravan.support.AdminHttp.Answer;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Maintenance with notice and on schedule (issue #14) end to end: a real Caravan with the admin API, emulated nodes
 * whose chat logs show what the meetings' users read.
 */
@Tag("end-to-end")
class MaintenanceEndToEndTest {

    private static final String NOTICE = "This server restarts at 22:00; please rejoin in 5 minutes";

    private static AdminHttp admin(CaravanUnderTest caravan) {
        return new AdminHttp(caravan.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
    }

    /** A running meeting (one attendee) on the first node: the other nodes are cordoned while it is created. */
    private static void runningMeetingOnFirstNode(CaravanUnderTest caravan, String meetingId) {
        assertEquals("SUCCESS", Xml.parse(caravan.client().get("create", "name=Room&meetingID=" + meetingId)
                .body()).returncode(), meetingId);
        assertTrue(caravan.node(0).hasMeeting(meetingId), meetingId + " on bbb1");
        caravan.node(0).addAttendees(meetingId, 1);
    }

    private static List<String> chat(EmulatedNode node, String meetingId) {
        return node.chat(meetingId).stream().map(ChatMessage::message).toList();
    }

    private static NodeState state(CaravanUnderTest caravan, String node) {
        return caravan.registry().node(node).orElseThrow().state();
    }

    @Test
    void aCordonsMessageReachesEveryRunningMeetingAgainAfterItsRepeatAndTheDrainedNodeIsDisabled() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).adminApi()
                .property("caravan.maintenance.min-repeat", "1s").start()) {
            admin(caravan).post("/nodes/bbb2/cordon", null);
            runningMeetingOnFirstNode(caravan, "maint-1");
            runningMeetingOnFirstNode(caravan, "maint-2");
            assertEquals("SUCCESS", Xml.parse(caravan.client().get("create", "name=Quiet&meetingID=maint-empty")
                    .body()).returncode()); // nobody joined: not running, bbb-web would refuse its chat
            admin(caravan).post("/nodes/bbb2/enable", null);
            caravan.awaitPolls(2);

            Answer cordoned = admin(caravan).post("/nodes/bbb1/cordon",
                    "{\"message\":\"" + NOTICE + "\",\"repeat\":\"2s\",\"disableWhenEmpty\":true}");
            assertEquals(200, cordoned.status(), cordoned.body());
            assertEquals("cordoned", cordoned.json().path("state").asText());
            assertEquals(NOTICE, cordoned.json().path("cordon").path("message").asText());
            assertEquals("2s", cordoned.json().path("cordon").path("repeat").asText());

            CaravanUnderTest.await(() -> chat(caravan.node(0), "maint-1").size() == 1
                    && chat(caravan.node(0), "maint-2").size() == 1, "the notice in both running meetings");
            assertEquals(List.of(NOTICE), chat(caravan.node(0), "maint-1"));
            assertEquals(List.of(), chat(caravan.node(0), "maint-empty"));
            long first = System.nanoTime();
            CaravanUnderTest.await(() -> chat(caravan.node(0), "maint-1").size() == 2
                    && chat(caravan.node(0), "maint-2").size() == 2, "the notice again after its repeat");
            assertTrue(System.nanoTime() - first > 1_500_000_000L, "not before the repeat");
            assertEquals(2, chat(caravan.node(0), "maint-1").size(), "once per repeat, not once per poll");

            // no new meeting lands on the cordoned node
            assertEquals("SUCCESS", Xml.parse(caravan.client().get("create", "name=New&meetingID=maint-new")
                    .body()).returncode());
            assertTrue(caravan.node(1).hasMeeting("maint-new"));

            caravan.awaitPolls(2);
            assertEquals(NodeState.CORDONED, state(caravan, "bbb1"), "meetings still running: still cordoned");
            caravan.node(0).endAllMeetings();
            CaravanUnderTest.await(() -> state(caravan, "bbb1") == NodeState.DISABLED, "bbb1 disabled once empty");
            Answer view = admin(caravan).get("/nodes/bbb1");
            assertEquals("disabled", view.json().path("state").asText());
            assertTrue(view.json().path("cordon").isNull(), view.body());
            assertEquals(NodeState.ENABLED, state(caravan, "bbb2"), "an enabled node is never disabled by it");

            // the status page's events log has the maintenance actions beside the state changes
            String events = admin(caravan).get("/events").body();
            assertTrue(events.contains("\"maintenance\"") && events.contains("notice-posted")
                    && events.contains("disabled"), events);
        }
    }

    @Test
    void aPlainCordonKeepsTheDrainedNodeCordonedAndEnablingEndsTheNotice() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1).adminApi().start()) {
            Answer plain = admin(caravan).post("/nodes/bbb1/cordon", null);
            assertEquals(200, plain.status(), plain.body());
            assertFalse(plain.json().path("cordon").path("disableWhenEmpty").asBoolean());
            caravan.awaitPolls(3);
            assertEquals(NodeState.CORDONED, state(caravan, "bbb1"));

            Answer withMessage = admin(caravan).post("/nodes/bbb1/cordon", "{\"message\":\"soon\"}");
            assertFalse(withMessage.json().path("cordon").path("disableWhenEmpty").asBoolean(), withMessage.body());
            Answer enabled = admin(caravan).post("/nodes/bbb1/enable", null);
            assertEquals("enabled", enabled.json().path("state").asText());
            assertTrue(enabled.json().path("cordon").isNull());
            assertFalse(caravan.registry().node("bbb1").orElseThrow().cordon().hasMessage());
        }
    }

    @Test
    void aScheduledWindowCordonsWithItsMessageAndDisablesTheNodeOnceEmpty() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).adminApi()
                .property("caravan.maintenance.check-schedule", "* * * * * ?").start()) {
            admin(caravan).post("/nodes/bbb2/cordon", null);
            runningMeetingOnFirstNode(caravan, "window-1");
            admin(caravan).post("/nodes/bbb2/enable", null);
            caravan.awaitPolls(1);

            String at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS).toString();
            Answer added = admin(caravan).post("/nodes/bbb1/maintenance",
                    "{\"at\":\"" + at + "\",\"message\":\"Window now\"}");
            assertEquals(201, added.status(), added.body());
            String id = added.json().path("id").asText();
            assertEquals(at, added.json().path("next").asText());
            assertTrue(added.json().path("disableWhenEmpty").asBoolean(), "windows disable when empty by default");
            JsonNode listed = admin(caravan).get("/nodes/bbb1/maintenance").json();
            assertEquals(1, listed.path("windows").size());
            assertEquals(id, listed.path("windows").get(0).path("id").asText());
            assertEquals(NodeState.ENABLED, state(caravan, "bbb1"), "not before its time");

            CaravanUnderTest.await(() -> state(caravan, "bbb1") == NodeState.CORDONED, "the window cordons bbb1");
            assertFalse(Instant.now().isBefore(Instant.parse(at)), "not before its time");
            CaravanUnderTest.await(() -> chat(caravan.node(0), "window-1").equals(List.of("Window now")),
                    "the window's message in the running meeting");
            caravan.node(0).endAllMeetings();
            CaravanUnderTest.await(() -> state(caravan, "bbb1") == NodeState.DISABLED, "bbb1 disabled once empty");

            // the window stays listed (past, no next time) until removed
            JsonNode after = admin(caravan).get("/nodes/bbb1/maintenance").json();
            assertTrue(after.path("windows").get(0).path("next").isNull(), after.toString());
            Answer removed = admin(caravan).send("DELETE", "/nodes/bbb1/maintenance/" + id, null);
            assertEquals(200, removed.status(), removed.body());
            assertEquals(0, admin(caravan).get("/nodes/bbb1/maintenance").json().path("windows").size());
            Answer again = admin(caravan).send("DELETE", "/nodes/bbb1/maintenance/" + id, null);
            assertEquals(404, again.status());
            assertTrue(again.error().contains(id), again.body());
        }
    }

    @Test
    void windowsFromTheInventoryAndTheAdminApiAreListedSavedAndRemovedThroughTheCommandLine() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).adminApi()
                .nodeYaml(1, "maintenance:\n  - cron: \"0 0 2 ? * SUN\"\n    message: Sunday restart").start()) {
            JsonNode fromFile = admin(caravan).get("/nodes/bbb2/maintenance").json();
            assertEquals("UTC", fromFile.path("timeZone").asText());
            JsonNode window = fromFile.path("windows").get(0);
            assertEquals("0 0 2 ? * SUN", window.path("cron").asText());
            assertEquals("Sunday restart", window.path("message").asText());
            assertTrue(window.path("disableWhenEmpty").asBoolean());
            Instant next = Instant.parse(window.path("next").asText());
            assertEquals(java.time.DayOfWeek.SUNDAY, next.atZone(java.time.ZoneOffset.UTC).getDayOfWeek());
            assertEquals(2, next.atZone(java.time.ZoneOffset.UTC).getHour());

            Run add = cli(caravan, "nodes", "maintenance", "bbb1", "add", "--cron", "0 30 1 ? * SAT", "--message",
                    "Saturday work", "--repeat", "10m", "--disable-when-empty", "false");
            assertEquals(0, add.exitCode(), add.err());
            assertTrue(add.out().contains("added"), add.out());
            Run list = cli(caravan, "nodes", "maintenance", "bbb1");
            assertEquals(0, list.exitCode(), list.err());
            assertTrue(list.out().contains("0 30 1 ? * SAT") && list.out().contains("Saturday work")
                    && list.out().contains("10m") && list.out().contains("stay"), list.out());
            String id = admin(caravan).get("/nodes/bbb1/maintenance").json().path("windows").get(0).path("id")
                    .asText();
            assertEquals(1, admin(caravan).get("/nodes/bbb1").json().path("maintenanceWindows").asInt());

            // saved like every admin change: a restart keeps it
            caravan.restart();
            assertEquals(id, admin(caravan).get("/nodes/bbb1/maintenance").json().path("windows").get(0)
                    .path("id").asText());

            Run duplicate = cli(caravan, "nodes", "maintenance", "bbb1", "add", "--cron", "0 30 1 ? * SAT", "--message",
                    "Saturday work", "--repeat", "10m", "--disable-when-empty", "false");
            assertEquals(1, duplicate.exitCode());
            assertTrue(duplicate.err().contains("already scheduled"), duplicate.err());

            Run removed = cli(caravan, "nodes", "maintenance", "bbb1", "remove", id);
            assertEquals(0, removed.exitCode(), removed.err());
            assertEquals(0, admin(caravan).get("/nodes/bbb1/maintenance").json().path("windows").size());

            Run cordon = cli(caravan, "nodes", "cordon", "bbb1", "--message", "Back soon", "--repeat", "10m");
            assertEquals(0, cordon.exitCode(), cordon.err());
            assertTrue(cordon.out().contains("cordoned") && cordon.out().contains("every 10m"), cordon.out());
            assertEquals("Back soon", caravan.registry().node("bbb1").orElseThrow().cordon().message());
            Run usage = cli(caravan, "nodes", "maintenance", "bbb1", "add", "--message", "no time");
            assertEquals(2, usage.exitCode());
        }
    }

    @Test
    void badMaintenanceInputIsAClearJsonErrorAndChangesNothing() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1).adminApi().start()) {
            AdminHttp admin = admin(caravan);
            Map<String, String> badWindows = Map.of(
                    "{\"cron\":\"every sunday\"}", "Quartz cron",
                    "{\"at\":\"tomorrow\"}", "'at' must be a date and time",
                    "{\"cron\":\"0 0 2 ? * SUN\",\"at\":\"2026-12-24T20:00Z\"}", "either 'cron'",
                    "{\"message\":\"no time\"}", "either 'cron'",
                    "{\"at\":\"2026-12-24T20:00Z\",\"message\":\"" + "x".repeat(501) + "\"}", "1 to 500",
                    "{\"at\":\"2026-12-24T20:00Z\",\"message\":\"m\",\"repeat\":\"5s\"}", "at least 1m",
                    "{\"at\":\"2026-12-24T20:00Z\",\"repeat\":\"10m\"}", "needs a 'message'",
                    "{\"at\":\"2026-12-24T20:00Z\",\"when\":\"now\"}", "unknown field 'when'",
                    "{\"at\":\"2026-12-24T20:00Z\",\"disableWhenEmpty\":\"yes\"}", "true or false",
                    "not json", "");
            badWindows.forEach((body, error) -> {
                Answer answer = admin.post("/nodes/bbb1/maintenance", body);
                assertEquals(400, answer.status(), body + " → " + answer);
                assertTrue(answer.error().contains(error), body + " → " + answer.error());
                assertFalse(answer.body().contains("Exception"), answer.body());
            });
            Map<String, String> badCordons = Map.of(
                    "{\"message\":\"" + "x".repeat(501) + "\"}", "1 to 500",
                    "{\"message\":\"m\",\"repeat\":\"30s\"}", "at least 1m",
                    "{\"message\":\"m\",\"repeat\":\"soon\"}", "such as 30s, 10m or 1h",
                    "{\"message\":\"\"}", "1 to 500",
                    "[1]", "JSON object");
            badCordons.forEach((body, error) -> {
                Answer answer = admin.post("/nodes/bbb1/cordon", body);
                assertEquals(400, answer.status(), body + " → " + answer);
                assertTrue(answer.error().contains(error), body + " → " + answer.error());
            });
            assertEquals(NodeState.ENABLED, state(caravan, "bbb1"), "a refused cordon changes nothing");
            assertEquals(0, admin.get("/nodes/bbb1/maintenance").json().path("windows").size());

            Answer unknown = admin.post("/nodes/ghost/maintenance", "{\"at\":\"2026-12-24T20:00Z\"}");
            assertEquals(404, unknown.status());
            assertTrue(unknown.error().contains("ghost"));
            assertEquals(404, admin.get("/nodes/ghost/maintenance").status());
            assertEquals(404, admin.post("/nodes/ghost/cordon", "{\"message\":\"m\"}").status());
            assertEquals(404, admin.send("DELETE", "/nodes/bbb1/maintenance/nope", null).status());
            assertEquals(405, admin.send("PUT", "/nodes/bbb1/maintenance", "{}").status());
            assertEquals(405, admin.get("/nodes/bbb1/maintenance/nope").status());
        }
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** The command line in-process, against this Caravan. */
    private static Run cli(CaravanUnderTest caravan, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--caravan", caravan.baseUrl()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CaravanCli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("CARAVAN_ADMIN_TOKEN", CaravanUnderTest.ADMIN_TOKEN));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
