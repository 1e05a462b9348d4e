package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.catalog.RecordingCatalog;
import io.caravan.cli.CaravanCli;
import io.caravan.support.AdminHttp;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.PublishedRecordings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The GDPR erase, end to end: recordings uploaded to Caravan by the node's script and recordings only on the emulated
 * nodes, erased by meeting through the admin API and by tenant through the command line. What the erase covers goes
 * from the store, the catalog and the nodes, each with an audit line; a node that is offline keeps its recordings
 * and the answer says so; nothing else is touched.
 */
@Tag("end-to-end")
class RecordingEraseEndToEndTest {

    private static final String PHYSICS_1 = "e1a1c3d4e5f60718293a4b5c6d7e8f9012345678-1700000000011";
    private static final String PHYSICS_2 = "e1a2c3d4e5f60718293a4b5c6d7e8f9012345678-1700000000012";
    private static final String CHEMISTRY = "e1a3c3d4e5f60718293a4b5c6d7e8f9012345678-1700000000013";
    private static final String GLOBEX_PHYSICS = "e1b1c3d4e5f60718293a4b5c6d7e8f9012345678-1700000000021";
    private static final String INITECH_OPS = "e1c1c3d4e5f60718293a4b5c6d7e8f9012345678-1700000000031";
    private static final String INITECH_SALES = "e1c2c3d4e5f60718293a4b5c6d7e8f9012345678-1700000000032";

    private static CaravanUnderTest caravan;
    private static AdminHttp admin;
    private static final ListAppender<ILoggingEvent> AUDIT = new ListAppender<>();
    private static ch.qos.logback.classic.Logger auditLogger;

    @TempDir
    static Path published;

    @BeforeAll
    static void start() throws Exception {
        auditLogger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(RecordingDeletions.AUDIT_LOGGER);
        AUDIT.start();
        auditLogger.addAppender(AUDIT);
        caravan = CaravanUnderTest.builder().nodes(2).adminApi()
                .clustersYaml("""
                        tenants:
                          - name: acme
                            secrets: [acme-secret]
                          - name: globex
                            secrets: [globex-secret]
                          - name: initech
                            secrets: [initech-secret]
                        """)
                .prepareNodes(nodes -> {
                    nodes.get(0).addRecording("acme~physics", "rec-node-physics", true, Map.of());
                    nodes.get(0).addRecording("globex~physics", "rec-node-globex", true, Map.of());
                    nodes.get(0).addRecording("initech~ops", "rec-node-initech", false, Map.of());
                    nodes.get(1).addRecording("acme~physics", "rec-offline-physics", true, Map.of());
                })
                .start();
        admin = new AdminHttp(caravan.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
        PublishedRecordings node = new PublishedRecordings(published);
        Instant ended = Instant.now().minus(Duration.ofDays(2));
        Map<String, String> meetings = Map.of(PHYSICS_1, "acme~physics", PHYSICS_2, "acme~physics",
                CHEMISTRY, "acme~chemistry", GLOBEX_PHYSICS, "globex~physics", INITECH_OPS, "initech~ops",
                INITECH_SALES, "initech~sales");
        for (Map.Entry<String, String> recording : meetings.entrySet()) {
            node.publish(recording.getKey(), recording.getValue(), ended.minus(Duration.ofHours(1)).toEpochMilli(),
                    "presentation");
            assertEquals(0, node.upload(caravan, recording.getKey(), 0).exitCode(), "uploaded");
        }
        CaravanUnderTest.await(() -> admin.get("/recordings").json().path("total").asInt() == 4,
                "the nodes' recordings indexed");
    }

    @AfterAll
    static void stop() {
        caravan.close();
        auditLogger.detachAppender(AUDIT);
    }

    private static RecordingCatalog catalog() {
        return caravan.bean("recordingCatalogOnDemand", RecordingCatalogOnDemand.class).get();
    }

    private static boolean kept(String tenant, String recordId) {
        boolean catalogued = catalog().find(recordId).isPresent();
        boolean stored = Files.exists(caravan.dataDir().resolve("recordings").resolve(tenant).resolve(recordId));
        assertEquals(catalogued, stored, recordId + ": catalog and store agree");
        return catalogued;
    }

    private static Set<String> outcomes(JsonNode list) {
        Set<String> outcomes = new HashSet<>();
        list.forEach(o -> outcomes.add(o.path("recordID").asText() + "@" + o.path("where").asText()));
        return outcomes;
    }

    private static List<String> auditLines() {
        synchronized (AUDIT.list) {
            return AUDIT.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Test
    void anEraseOfAMeetingDeletesItsRecordingsKeptAndOnTheNodesAndSaysWhatAnOfflineNodeStillHas() {
        caravan.node(1).down(true);
        caravan.awaitOnline("bbb2", false);
        try {
            AdminHttp.Answer erased = admin.send("DELETE", "/recordings?tenant=acme&meetingID=physics", null);

            assertEquals(200, erased.status(), erased.body());
            JsonNode answer = erased.json();
            assertEquals("acme", answer.path("tenant").asText());
            assertEquals("physics", answer.path("meetingID").asText());
            assertEquals(Set.of(PHYSICS_1 + "@storage", PHYSICS_2 + "@storage", "rec-node-physics@node:bbb1"),
                    outcomes(answer.path("deleted")), erased.body());
            assertEquals(Set.of("rec-offline-physics@node:bbb2"), outcomes(answer.path("notDeleted")), erased.body());
            assertEquals("the node is offline", answer.path("notDeleted").get(0).path("reason").asText());
            assertFalse(kept("acme", PHYSICS_1));
            assertFalse(kept("acme", PHYSICS_2));
            assertFalse(caravan.node(0).hasRecording("rec-node-physics"));
            assertTrue(kept("acme", CHEMISTRY), "another meeting's");
            assertTrue(kept("globex", GLOBEX_PHYSICS), "another tenant's meeting of the same name");
            assertTrue(caravan.node(0).hasRecording("rec-node-globex"));
            for (String recordId : List.of(PHYSICS_1, PHYSICS_2, "rec-node-physics")) {
                assertEquals(1, auditLines().stream().filter(line -> line.startsWith("recording deleted: recordID="
                        + recordId + " meetingID=physics tenant=acme where=") && line.contains(" by=admin reason=\"erase"
                        + " of meeting physics of tenant acme\"")).count(), recordId + " in " + auditLines());
            }
            assertTrue(auditLines().stream().noneMatch(line -> line.contains(CHEMISTRY) || line.contains("globex")));
        } finally {
            caravan.node(1).down(false);
            caravan.awaitOnline("bbb2", true);
        }
        // the node is back: erasing again deletes what it kept
        AdminHttp.Answer again = admin.send("DELETE", "/recordings?tenant=acme&meetingID=physics", null);
        assertEquals(Set.of("rec-offline-physics@node:bbb2"), outcomes(again.json().path("deleted")), again.body());
        assertFalse(caravan.node(1).hasRecording("rec-offline-physics"));
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--caravan", caravan.baseUrl())).toArray(String[]::new);
        int code = CaravanCli.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("CARAVAN_ADMIN_TOKEN", CaravanUnderTest.ADMIN_TOKEN));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCommandLineErasesATenantOnlyWhenToldYes() {
        Run unconfirmed = cli("recordings", "erase", "--tenant", "initech");
        assertEquals(2, unconfirmed.exitCode(), unconfirmed.out());
        assertTrue(unconfirmed.err().contains("every recording of tenant initech for good"), unconfirmed.err());
        assertTrue(unconfirmed.err().contains("--yes"), unconfirmed.err());
        assertTrue(kept("initech", INITECH_OPS), "nothing erased without --yes");

        Run erased = cli("recordings", "erase", "--tenant", "initech", "--yes");

        assertEquals(0, erased.exitCode(), erased.out() + erased.err());
        assertTrue(erased.out().contains("deleted " + INITECH_OPS + " (meeting ops) from Caravan's storage"),
                erased.out());
        assertTrue(erased.out().contains("deleted " + INITECH_SALES + " (meeting sales) from Caravan's storage"),
                erased.out());
        assertTrue(erased.out().contains("deleted rec-node-initech (meeting ops) from node bbb1"), erased.out());
        assertTrue(erased.out().contains("3 deleted, 0 not deleted"), erased.out());
        assertFalse(kept("initech", INITECH_OPS));
        assertFalse(kept("initech", INITECH_SALES));
        assertFalse(caravan.node(0).hasRecording("rec-node-initech"));
        assertTrue(kept("globex", GLOBEX_PHYSICS));
        assertEquals(3, auditLines().stream().filter(line -> line.contains("tenant=initech")
                && line.contains("by=admin reason=\"erase of tenant initech\"")).count(), auditLines().toString());
    }

    @Test
    void anEraseNamingNothingOrAnUnknownTenantIsRefused() {
        AdminHttp.Answer vague = admin.send("DELETE", "/recordings", null);
        assertEquals(400, vague.status(), vague.body());
        assertTrue(vague.error().startsWith("name what to erase"), vague.body());
        AdminHttp.Answer unknown = admin.send("DELETE", "/recordings?tenant=umbrella&meetingID=physics", null);
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("unknown tenant 'umbrella'", unknown.error());
        Run noTarget = cli("recordings", "erase", "--yes");
        assertEquals(2, noTarget.exitCode());
        assertTrue(kept("globex", GLOBEX_PHYSICS));
    }
}
