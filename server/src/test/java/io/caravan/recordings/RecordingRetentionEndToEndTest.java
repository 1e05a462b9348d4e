package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.caravan.catalog.RecordingCatalog;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.PublishedRecordings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The retention of the recordings Caravan keeps, end to end: recordings uploaded by the node's own script, a tenant
 * whose rule deletes them 30 days after their end, and the schedule running every second. The old recording goes from
 * the store, the catalog and getRecordings with an audit line; the new one, and another tenant's as old (no rule for
 * it), stay.
 */
@Tag("end-to-end")
class RecordingRetentionEndToEndTest {

    private static final String OLD = "aa11c3d4e5f60718293a4b5c6d7e8f9012345678-1700000000001";
    private static final String NEW = "bb22c3d4e5f60718293a4b5c6d7e8f9012345678-1700000000002";
    private static final String OTHER_TENANTS_OLD = "cc33c3d4e5f60718293a4b5c6d7e8f9012345678-1700000000003";

    private static CaravanUnderTest caravan;
    private static final ListAppender<ILoggingEvent> AUDIT = new ListAppender<>();
    private static ch.qos.logback.classic.Logger auditLogger;

    @TempDir
    static Path published;

    @BeforeAll
    static void start() {
        auditLogger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(RecordingDeletions.AUDIT_LOGGER);
        AUDIT.start();
        auditLogger.addAppender(AUDIT);
        caravan = CaravanUnderTest.builder().nodes(1)
                .clustersYaml("""
                        tenants:
                          - name: acme
                            secrets: [acme-secret]
                            retention: {delete-after: 30d}
                          - name: globex
                            secrets: [globex-secret]
                        """)
                .property("caravan.recordings.retention.schedule", "0/1 * * * * ?")
                .start();
    }

    @AfterAll
    static void stop() {
        caravan.close();
        auditLogger.detachAppender(AUDIT);
    }

    private static RecordingCatalog catalog() {
        return caravan.bean("recordingCatalogOnDemand", RecordingCatalogOnDemand.class).get();
    }

    private static Path stored(String tenant, String recordId) {
        return caravan.dataDir().resolve("recordings").resolve(tenant).resolve(recordId);
    }

    private static List<String> auditLines() {
        synchronized (AUDIT.list) {
            return AUDIT.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Test
    void aTenantsRecordingOlderThanItsDeleteAfterIsDeletedOnScheduleAndTheRestStays() throws Exception {
        PublishedRecordings node = new PublishedRecordings(published);
        Instant now = Instant.now();
        Instant sixtyDaysAgo = now.minus(Duration.ofDays(60));
        Instant yesterday = now.minus(Duration.ofDays(1));
        node.publish(OLD, "acme~physics", sixtyDaysAgo.toEpochMilli(), "presentation");
        node.publish(NEW, "acme~physics", yesterday.toEpochMilli(), "presentation");
        node.publish(OTHER_TENANTS_OLD, "globex~chemistry", sixtyDaysAgo.toEpochMilli(), "presentation");
        assertEquals(0, node.upload(caravan, NEW, 0).exitCode(), "uploaded");
        assertEquals(0, node.upload(caravan, OTHER_TENANTS_OLD, 0).exitCode(), "uploaded");
        assertEquals(0, node.upload(caravan, OLD, 0).exitCode(), "uploaded");

        CaravanUnderTest.await(() -> catalog().find(OLD).isEmpty() && !Files.exists(stored("acme", OLD)),
                "the old recording deleted from the catalog and the store");
        String deleted = "recording deleted: recordID=" + OLD + " meetingID=physics tenant=acme where=storage"
                + " by=retention reason=\"older than delete-after 30d (ended ";
        CaravanUnderTest.await(() -> auditLines().stream().anyMatch(line -> line.startsWith(deleted)),
                "its audit line");
        String listed = new BbbClient(caravan.baseUrl() + "/t/acme/bigbluebutton/api", "acme-secret")
                .get("getRecordings", "meetingID=physics&state=any").body();
        assertTrue(listed.contains("<returncode>SUCCESS</returncode>"), listed);
        assertFalse(listed.contains(OLD), "getRecordings does not list it");

        // a few more runs change nothing else
        Thread.sleep(2_500);
        assertTrue(catalog().find(NEW).isPresent(), "yesterday's recording stays");
        assertTrue(Files.isRegularFile(stored("acme", NEW).resolve("presentation/metadata.xml")));
        assertTrue(catalog().find(OTHER_TENANTS_OLD).isPresent(), "globex has no rule: its old recording stays");
        assertTrue(Files.isRegularFile(stored("globex", OTHER_TENANTS_OLD).resolve("presentation/metadata.xml")));
        assertTrue(auditLines().stream().noneMatch(line -> line.contains(NEW) || line.contains(OTHER_TENANTS_OLD)),
                auditLines().toString());
        assertTrue(auditLines().stream().filter(line -> line.contains(OLD)).count() == 1, "one line for it");
    }
}
