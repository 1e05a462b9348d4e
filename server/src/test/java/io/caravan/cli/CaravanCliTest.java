package io.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.caravan.emulator.EmulatedNode;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every command-line subcommand, run in-process against a real Caravan. */
@Tag("end-to-end")
class CaravanCliTest {

    private static CaravanUnderTest caravan;
    private static EmulatedNode extra;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(2).adminApi().prepareNodes(nodes -> {
            nodes.get(0).addRecording("course-1", "rec-cli-1", true, Map.of(), 1_700_000_000_000L);
            nodes.get(0).addRecording("course-2", "rec-cli-2", false, Map.of(), 1_700_000_100_000L);
            nodes.get(1).addRecording("course-1", "rec-cli-3", true, Map.of(), 1_700_000_200_000L);
        }).start();
        CaravanUnderTest.await(() -> caravan.client().get("getRecordings", "").body().contains("rec-cli-3")
                && caravan.client().get("getRecordings", "").body().contains("rec-cli-1"), "recordings indexed");
        extra = EmulatedNode.start("extra", 0, "extra-secret");
    }

    @AfterAll
    static void stop() {
        caravan.close();
        extra.close();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run cli(String... args) {
        return cliWithEnv(Map.of("CARAVAN_ADMIN_TOKEN", CaravanUnderTest.ADMIN_TOKEN), args);
    }

    private static Run cliWithEnv(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--url") && !all.contains("--caravan")) {
            all.addAll(List.of("--caravan", caravan.baseUrl()));
        } else if (all.contains("update")) {
            all.addAll(List.of("--caravan", caravan.baseUrl()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CaravanCli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void create(String meetingId) {
        assertEquals("SUCCESS", Xml.parse(caravan.client().get("create", "name=RR&meetingID=" + meetingId).body())
                .returncode());
    }

    @Test
    void recordingsListsTheIndexWithFilters() {
        Run all = cli("recordings", "list");
        assertEquals(0, all.exitCode(), all.err());
        assertTrue(all.out().startsWith("RECORDING"), all.out());
        List<String> rows = all.out().lines().filter(l -> l.startsWith("rec-cli-")).toList();
        assertEquals(3, rows.size(), all.out());
        assertTrue(rows.get(0).startsWith("rec-cli-1") && rows.get(0).contains("bbb1")
                && rows.get(0).contains("published") && rows.get(0).contains("2023-11-14T22:13:20Z")
                && rows.get(0).trim().endsWith("course-1"), rows.get(0));
        assertTrue(all.out().trim().endsWith("3 recordings"), all.out());

        Run onOneNode = cli("recordings", "list", "--node", "bbb2");
        assertEquals(List.of("rec-cli-3"), onOneNode.out().lines().filter(l -> l.startsWith("rec-cli-"))
                .map(l -> l.split(" ")[0]).toList());
        Run ofOneMeeting = cli("recordings", "list", "--meeting", "course-2");
        assertTrue(ofOneMeeting.out().contains("rec-cli-2") && ofOneMeeting.out().contains("unpublished"),
                ofOneMeeting.out());
        Run paged = cli("recordings", "list", "--offset", "1", "--limit", "1");
        assertEquals(List.of("rec-cli-2"), paged.out().lines().filter(l -> l.startsWith("rec-cli-"))
                .map(l -> l.split(" ")[0]).toList());
        assertTrue(paged.out().trim().endsWith("3 recordings, 1 shown from 1"), paged.out());

        Run unknownNode = cli("recordings", "list", "--node", "nope");
        assertEquals(1, unknownNode.exitCode());
        assertTrue(unknownNode.err().contains("unknown node 'nope'"), unknownNode.err());
        Run badLimit = cli("recordings", "list", "--limit", "many");
        assertEquals(1, badLimit.exitCode());
        assertTrue(badLimit.err().contains("limit must be a whole number"), badLimit.err());
    }

    @Test
    void statusPrintsATableOfNodes() {
        Run run = cliWithEnv(Map.of("CARAVAN_ADMIN_TOKEN", CaravanUnderTest.ADMIN_TOKEN),
                "status", "--url", caravan.baseUrl());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("NODE"), run.out());
        assertTrue(run.out().contains("VERSION"));
        assertTrue(run.out().contains("RECORDINGS"));
        // bbb1 has two recordings in the index
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("bbb1 ") && l.split("\\s+")[5].equals("2")),
                run.out());
        // the version column shows what the node's API root reports (the emulator says 3.0.19)
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("bbb1 ") && l.contains("yes")
                && l.trim().endsWith("3.0.19")), run.out());
        assertTrue(run.out().contains("bbb2"));
    }

    @Test
    void nodesAddUpdateAndRemove() {
        Run added = cli("nodes", "add", "cli-node", extra.baseUrl(), "extra-secret", "--cluster", "default",
                "--tags", "a,b", "--load-factor", "2");
        assertEquals(0, added.exitCode(), added.err());
        assertTrue(added.out().contains("cli-node added"), added.out());
        assertEquals(List.of("a", "b"), caravan.registry().node("cli-node").orElseThrow().tags());

        Run updated = cli("nodes", "update", "cli-node", "--load-factor", "0.5", "--url", extra.baseUrl());
        assertEquals(0, updated.exitCode(), updated.err());
        assertEquals(0.5, caravan.registry().node("cli-node").orElseThrow().loadFactor());

        Run removed = cli("nodes", "remove", "cli-node", "--force");
        assertEquals(0, removed.exitCode(), removed.err());
        assertTrue(caravan.registry().node("cli-node").isEmpty());

        Run duplicate = cli("nodes", "add", "bbb1", extra.baseUrl(), "extra-secret");
        assertEquals(1, duplicate.exitCode());
        assertTrue(duplicate.err().contains("HTTP 409"), duplicate.err());
    }

    @Test
    void nodesStateCommandsAndPanic() {
        for (String action : List.of("cordon", "disable", "enable")) {
            Run run = cli("nodes", action, "bbb2");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().startsWith("node bbb2 " + (action.equals("cordon") ? "cordoned" : action + "d") + ": "),
                    run.out());
        }
        assertEquals("enabled", caravan.registry().node("bbb2").orElseThrow().state().configName());

        Run unknown = cli("nodes", "cordon", "ghost");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown node 'ghost'"), unknown.err());

        try (CaravanUnderTest own = CaravanUnderTest.builder().nodes(1).adminApi().start()) {
            assertEquals("SUCCESS", Xml.parse(own.client().get("create", "name=PP&meetingID=cli-panic").body())
                    .returncode());
            own.awaitPolls(2);
            Run panic = cliWithEnv(Map.of("CARAVAN_ADMIN_TOKEN", CaravanUnderTest.ADMIN_TOKEN),
                    "nodes", "panic", "bbb1", "--url", own.baseUrl());
            assertEquals(0, panic.exitCode(), panic.err());
            assertTrue(panic.out().contains("1 meetings ended"), panic.out());
            assertFalse(own.node(0).hasMeeting("cli-panic"));
        }
    }

    @Test
    void meetingsListAndEnd() {
        create("cli-meeting");
        caravan.awaitPolls(2);
        Run list = cli("meetings", "list");
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().contains("cli-meeting"), list.out());
        String host = caravan.nodes().stream().filter(n -> n.hasMeeting("cli-meeting")).findFirst().orElseThrow()
                .name();
        Run ofNode = cli("meetings", "list", "--node", host);
        assertTrue(ofNode.out().contains("cli-meeting"), ofNode.out());

        Run end = cli("meetings", "end", "cli-meeting");
        assertEquals(0, end.exitCode(), end.err());
        assertFalse(caravan.nodes().stream().anyMatch(n -> n.hasMeeting("cli-meeting")));
    }

    @Test
    void failuresExitNonZeroWithTheReason() {
        Run wrongToken = cli("status", "--token", "wrong");
        assertEquals(1, wrongToken.exitCode());
        assertTrue(wrongToken.err().contains("HTTP 401"), wrongToken.err());

        Run noToken = cliWithEnv(Map.of(), "status");
        assertEquals(1, noToken.exitCode());
        assertTrue(noToken.err().contains("no admin token"), noToken.err());

        Run unreachable = cliWithEnv(Map.of("CARAVAN_ADMIN_TOKEN", "t"),
                "status", "--url", "http://127.0.0.1:" + CaravanUnderTest.freePort());
        assertEquals(1, unreachable.exitCode());
        assertTrue(unreachable.err().contains("cannot reach Caravan"), unreachable.err());

        Run usage = cli("nodes", "frobnicate", "x");
        assertEquals(2, usage.exitCode());
        assertTrue(usage.err().contains("unknown nodes subcommand"), usage.err());
    }
}
