package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.caravan.catalog.CatalogDatabase;
import io.caravan.catalog.Recording;
import io.caravan.catalog.RecordingCatalog;
import io.caravan.inventory.ParameterRules;
import io.caravan.inventory.Retention;
import io.caravan.inventory.Tenant;
import io.caravan.inventory.Tenants;
import io.caravan.storage.FileSystemRecordingStore;
import io.caravan.storage.RecordingArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The retention of kept recordings on a real catalog (embedded H2) and store, at fixed times: what is older than its
 * rules goes, what is younger stays, a tenant's rule beats the global one, and no rule touches nothing.
 */
class RecordingRetentionTest {

    private static final Instant NOW = Instant.parse("2025-06-01T03:30:00Z");
    private static final Retention NONE = Retention.NONE;

    @TempDir
    Path dataDir;

    private RecordingCatalogOnDemand catalogs;
    private RecordingDeletions deletions;
    private final List<Tenant> declared = new ArrayList<>();
    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    private ch.qos.logback.classic.Logger auditLogger;

    @BeforeEach
    void open() throws IOException {
        Path catalogDir = Files.createDirectories(dataDir.resolve("catalog"));
        catalogs = new RecordingCatalogOnDemand(() -> CatalogDatabase.embedded(catalogDir),
                () -> CatalogDatabase.embeddedExists(catalogDir));
        deletions = new RecordingDeletions(new FileSystemRecordingStore(dataDir.resolve("recordings"),
                new RecordingArchive(100, 1_000_000)), catalogs);
        auditLogger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(RecordingDeletions.AUDIT_LOGGER);
        audit.start();
        auditLogger.addAppender(audit);
    }

    @AfterEach
    void close() {
        auditLogger.detachAppender(audit);
        catalogs.close();
    }

    private static Retention rules(String unpublishAfter, String deleteAfter) {
        return new Retention(Retention.days(unpublishAfter), Retention.days(deleteAfter));
    }

    private RecordingRetention retention(Retention global, Instant now) {
        return new RecordingRetention(catalogs, deletions, new Tenants(() -> declared), global,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private void tenant(String name, Retention retention) {
        declared.add(new Tenant(name, List.of("secret"), List.of(), 0, 0, List.of(), ParameterRules.NONE, null, null,
                null, retention));
    }

    /** A recording of the tenant (null: none) that ended this long before NOW, an hour after it started. */
    private RecordingCatalog catalogued(String recordId, String tenant, String state, Duration endedAgo) {
        long end = NOW.minus(endedAgo).toEpochMilli();
        return catalogued(new Recording(recordId, "meeting-" + recordId, "internal-" + recordId, tenant, "Lecture",
                state, false, end - 3_600_000, end, 3, 1024, "bbb1", List.of(), Map.of()));
    }

    private RecordingCatalog catalogued(Recording recording) {
        RecordingCatalog catalog = catalogs.get();
        catalog.upsert(recording);
        return catalog;
    }

    private Optional<String> state(String recordId) {
        return catalogs.get().find(recordId).map(entry -> entry.recording().state());
    }

    private List<String> auditLines() {
        return audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aRecordingIsDeletedOnlyOnceItEndedLongerAgoThanDeleteAfter() {
        catalogued("rec-29-days", null, "published", Duration.ofDays(29));
        catalogued("rec-31-days", null, "published", Duration.ofDays(31));
        catalogued("rec-31-days-unpublished", null, "unpublished", Duration.ofDays(31));

        assertEquals(new RecordingRetention.Run(2, 0), retention(rules("", "30d"), NOW).apply());

        assertEquals(Optional.of("published"), state("rec-29-days"));
        assertEquals(Optional.empty(), state("rec-31-days"));
        assertEquals(Optional.empty(), state("rec-31-days-unpublished"), "deleted in whatever state");
        assertEquals(List.of("recording deleted: recordID=rec-31-days meetingID=meeting-rec-31-days tenant=- "
                + "where=storage by=retention reason=\"older than delete-after 30d (ended 2025-05-01T03:30:00Z)\"",
                "recording deleted: recordID=rec-31-days-unpublished meetingID=meeting-rec-31-days-unpublished "
                        + "tenant=- where=storage by=retention reason=\"older than delete-after 30d (ended "
                        + "2025-05-01T03:30:00Z)\""), auditLines());
    }

    @Test
    void aPublishedRecordingIsUnpublishedOnlyOnceItEndedLongerAgoThanUnpublishAfter() {
        catalogued("rec-29-days", null, "published", Duration.ofDays(29));
        catalogued("rec-31-days", null, "published", Duration.ofDays(31));
        catalogued("rec-31-days-processing", null, "processing", Duration.ofDays(31));

        assertEquals(new RecordingRetention.Run(0, 1), retention(rules("30d", ""), NOW).apply());

        assertEquals(Optional.of("published"), state("rec-29-days"));
        assertEquals(Optional.of("unpublished"), state("rec-31-days"));
        assertEquals(Optional.of("processing"), state("rec-31-days-processing"), "only published ones");
        assertEquals(List.of("recording unpublished: recordID=rec-31-days meetingID=meeting-rec-31-days tenant=- "
                + "where=storage by=retention reason=\"older than unpublish-after 30d (ended 2025-05-01T03:30:00Z)\""),
                auditLines());
    }

    @Test
    void aTenantsRuleBeatsTheGlobalOneAndARuleItLacksIsTheGlobalOne() {
        tenant("lenient", rules("", "90d"));
        tenant("strict", rules("", "7d"));
        tenant("unpublishing", rules("10d", ""));
        catalogued("rec-lenient-60", "lenient", "published", Duration.ofDays(60));
        catalogued("rec-lenient-91", "lenient", "published", Duration.ofDays(91));
        catalogued("rec-strict-8", "strict", "published", Duration.ofDays(8));
        catalogued("rec-unpublishing-20", "unpublishing", "published", Duration.ofDays(20));
        catalogued("rec-unpublishing-40", "unpublishing", "published", Duration.ofDays(40));
        catalogued("rec-none-20", null, "published", Duration.ofDays(20));
        catalogued("rec-gone-tenant-40", "gone", "published", Duration.ofDays(40));

        assertEquals(new RecordingRetention.Run(4, 1), retention(rules("", "30d"), NOW).apply());

        assertEquals(Optional.of("published"), state("rec-lenient-60"), "90d beats the global 30d");
        assertEquals(Optional.empty(), state("rec-lenient-91"));
        assertEquals(Optional.empty(), state("rec-strict-8"), "7d beats the global 30d");
        assertEquals(Optional.of("unpublished"), state("rec-unpublishing-20"), "its own unpublish-after");
        assertEquals(Optional.empty(), state("rec-unpublishing-40"), "the global delete-after");
        assertEquals(Optional.of("published"), state("rec-none-20"));
        assertEquals(Optional.empty(), state("rec-gone-tenant-40"), "a tenant no longer declared: the global rules");
    }

    @Test
    void aRecordingIsUnpublishedAndLaterDeletedAsItAges() {
        catalogued("rec", "acme", "published", Duration.ofDays(0));
        Retention global = rules("30d", "90d");

        assertEquals(new RecordingRetention.Run(0, 0), retention(global, NOW.plus(Duration.ofDays(29))).apply());
        assertEquals(Optional.of("published"), state("rec"));
        assertEquals(new RecordingRetention.Run(0, 1), retention(global, NOW.plus(Duration.ofDays(31))).apply());
        assertEquals(Optional.of("unpublished"), state("rec"));
        assertEquals(new RecordingRetention.Run(0, 0), retention(global, NOW.plus(Duration.ofDays(89))).apply());
        assertEquals(new RecordingRetention.Run(1, 0), retention(global, NOW.plus(Duration.ofDays(91))).apply());
        assertEquals(Optional.empty(), state("rec"));
        assertEquals(2, auditLines().size(), "one line for the unpublish, one for the delete");
    }

    @Test
    void aRecordingOlderThanBothRulesIsDeletedWithoutBeingUnpublishedFirst() {
        catalogued("rec", null, "published", Duration.ofDays(100));
        assertEquals(new RecordingRetention.Run(1, 0), retention(rules("30d", "90d"), NOW).apply());
        assertEquals(1, auditLines().size(), auditLines().toString());
    }

    @Test
    void withoutRulesNothingIsTouchedAndNoCatalogIsCreated() {
        tenant("acme", NONE);
        assertEquals(new RecordingRetention.Run(0, 0), retention(NONE, NOW).apply());
        assertFalse(CatalogDatabase.embeddedExists(dataDir.resolve("catalog")), "no catalog created");
        assertEquals(new RecordingRetention.Run(0, 0), retention(rules("", "30d"), NOW).apply());
        assertFalse(CatalogDatabase.embeddedExists(dataDir.resolve("catalog")), "none created for rules either");

        catalogued("rec-old", "acme", "published", Duration.ofDays(3650));
        assertEquals(new RecordingRetention.Run(0, 0), retention(NONE, NOW).apply());
        assertEquals(Optional.of("published"), state("rec-old"));
        assertEquals(List.of(), auditLines());
    }

    @Test
    void aRecordingWithoutEndTimeAgesFromItsStart() {
        long started = NOW.minus(Duration.ofDays(31)).toEpochMilli();
        catalogued(new Recording("rec-no-end", "m", "i", null, "n", "published", false, started, 0, 1, 1, null,
                List.of(), Map.of()));
        catalogued(new Recording("rec-no-time", "m", "i", null, "n", "published", false, 0, 0, 1, 1, null,
                List.of(), Map.of()));
        assertEquals(new RecordingRetention.Run(1, 0), retention(rules("", "30d"), NOW).apply());
        assertEquals(Optional.empty(), state("rec-no-end"));
        assertEquals(Optional.of("published"), state("rec-no-time"), "an unknown age is never old");
    }

    @Test
    void manyRecordingsAreWorkedThroughAPageAtATime() {
        int count = RecordingRetention.PAGE_SIZE * 2 + 17;
        for (int i = 0; i < count; i++) {
            catalogued("rec-" + i, "acme", "published", Duration.ofDays(40).plusMinutes(i % 7));
        }
        catalogued("rec-young", "acme", "published", Duration.ofDays(3));
        assertEquals(new RecordingRetention.Run(0, count), retention(rules("30d", ""), NOW).apply());
        assertEquals(new RecordingRetention.Run(count, 0), retention(rules("30d", "35d"), NOW).apply());
        assertEquals(Optional.of("published"), state("rec-young"));
        assertEquals(1, catalogs.get().tenants().size());
    }

    @Test
    void runningAgainOrOnAnotherInstanceChangesNothingMore() {
        catalogued("rec-old", null, "published", Duration.ofDays(100));
        catalogued("rec-middle", null, "published", Duration.ofDays(50));
        Retention global = rules("30d", "90d");
        assertEquals(new RecordingRetention.Run(1, 1), retention(global, NOW).apply());
        assertEquals(new RecordingRetention.Run(0, 0), retention(global, NOW).apply());
        assertEquals(2, auditLines().size(), "no second line for what was already done");
        assertTrue(state("rec-middle").isPresent());
    }
}
