package io.caravan.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.caravan.bbb.RecordingsPaging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the recordings catalog promises, on whichever database a subclass gives it: the same tests on H2 and on
 * PostgreSQL prove the same SQL answers the same on both.
 */
abstract class RecordingCatalogContract {

    private static final long T0 = 1_700_000_000_000L;

    private final AtomicLong now = new AtomicLong(T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final List<CatalogDatabase> opened = new ArrayList<>();
    private CatalogDatabase database;
    private RecordingCatalog catalog;

    /** Makes a new, empty database for this test. */
    abstract void newDatabase() throws Exception;

    /** Opens (another handle on) this test's database. */
    abstract CatalogDatabase openDatabase();

    @BeforeEach
    void openCatalog() throws Exception {
        newDatabase();
        database = open();
        catalog = new RecordingCatalog(database, clock);
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(CatalogDatabase::close);
    }

    private CatalogDatabase open() {
        CatalogDatabase db = openDatabase();
        opened.add(db);
        return db;
    }

    // ---- migrations and restarts ----------------------------------------------------------------------------------

    @Test
    void migrationsAreAppliedOnceOnANewDatabaseAndNotAgainOnRestart() throws Exception {
        long migrations;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
                java.nio.file.Path.of("server/src/main/resources/db/caravan"))) {
            migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
        assertEquals(migrations, database.migrationsApplied(), "every migration of db/caravan");
        database.close();
        CatalogDatabase restarted = open();
        assertEquals(0, restarted.migrationsApplied());
        try (Connection c = restarted.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL")) {
            rows.next();
            assertEquals(migrations, rows.getInt(1));
        }
    }

    @Test
    void recordingsSurviveReopeningTheDatabase() {
        catalog.upsert(recording("rec-1", "m1", null, "published", 1));
        database.close();
        RecordingCatalog reopened = new RecordingCatalog(open(), clock);
        assertEquals(recording("rec-1", "m1", null, "published", 1), reopened.find("rec-1").orElseThrow().recording());
    }

    // ---- upsert and find ------------------------------------------------------------------------------------------

    @Test
    void anUpsertedRecordingIsFoundWithItsFormatsAndMetadataAndItsImportPending() {
        Recording recording = recording("rec-1", "m1", "acme", "published", 1);
        assertTrue(catalog.upsert(recording));
        CatalogEntry entry = catalog.find("rec-1").orElseThrow();
        assertEquals(recording, entry.recording());
        assertEquals(new ImportStatus(ImportStatus.State.PENDING, null, 0, null), entry.importStatus());
        assertEquals(Instant.ofEpochMilli(T0), entry.created());
        assertEquals(Instant.ofEpochMilli(T0), entry.updated());
    }

    @Test
    void anUnknownRecordingIsNotFound() {
        assertTrue(catalog.find("nope").isEmpty());
    }

    @Test
    void upsertingAKnownRecordingReplacesItsFormatsAndMetadataAndKeepsItsImportAndCreation() {
        catalog.upsert(recording("rec-1", "m1", null, "published", 1));
        catalog.importFailed("rec-1", "disk full");
        now.addAndGet(1000);
        Recording changed = new Recording("rec-1", "m1", "internal-m1", null, "Renamed", "unpublished", true, 5, 6,
                7, 8, "bbb-2", List.of(new RecordingFormat("video", "/v", 3, 30, 300, null)), Map.of("only", "this"));
        assertFalse(catalog.upsert(changed));
        CatalogEntry entry = catalog.find("rec-1").orElseThrow();
        assertEquals(changed, entry.recording());
        assertEquals(ImportStatus.State.FAILED, entry.importStatus().state());
        assertEquals(Instant.ofEpochMilli(T0), entry.created());
        assertEquals(Instant.ofEpochMilli(T0 + 1000), entry.updated());
    }

    @Test
    void metadataNamesAreKeptInLowerCase() {
        catalog.upsert(withMeta(recording("rec-1", "m1", null, "published", 1), Map.of("Origin-Name", "x")));
        assertEquals(Map.of("origin-name", "x"), catalog.find("rec-1").orElseThrow().recording().metadata());
    }

    // ---- state, protection, metadata, import status ---------------------------------------------------------------

    @Test
    void stateAndProtectionChangeOnlyKnownRecordings() {
        catalog.upsert(recording("rec-1", "m1", null, "published", 1));
        assertTrue(catalog.setState("rec-1", "unpublished"));
        assertTrue(catalog.setProtected("rec-1", true));
        assertFalse(catalog.setState("nope", "unpublished"));
        assertFalse(catalog.setProtected("nope", true));
        Recording found = catalog.find("rec-1").orElseThrow().recording();
        assertEquals("unpublished", found.state());
        assertTrue(found.protectedPlayback());
    }

    @Test
    void updatingMetadataSetsTheGivenNamesAndRemovesTheEmptyOnes() {
        catalog.upsert(withMeta(recording("rec-1", "m1", null, "published", 1), Map.of("a", "1", "b", "2")));
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("A", "one");
        changes.put("b", "");
        changes.put("c", "3");
        assertTrue(catalog.updateMetadata("rec-1", changes));
        assertFalse(catalog.updateMetadata("nope", changes));
        assertEquals(Map.of("a", "one", "c", "3"), catalog.find("rec-1").orElseThrow().recording().metadata());
    }

    @Test
    void importStatusCountsAttemptsAndKeepsTheReasonOfAFailure() {
        catalog.upsert(recording("rec-1", "m1", null, "published", 1));
        catalog.upsert(recording("rec-2", "m1", null, "published", 2));
        now.set(T0 + 10);
        assertTrue(catalog.importFailed("rec-1", "truncated tarball"));
        assertEquals(new ImportStatus(ImportStatus.State.FAILED, "truncated tarball", 1, Instant.ofEpochMilli(T0 + 10)),
                catalog.find("rec-1").orElseThrow().importStatus());
        assertEquals(List.of("rec-1"), ids(catalog.imports(ImportStatus.State.FAILED, 10)));
        assertEquals(List.of("rec-2"), ids(catalog.imports(ImportStatus.State.PENDING, 10)));

        now.set(T0 + 20);
        assertTrue(catalog.importPending("rec-1"));
        assertEquals(new ImportStatus(ImportStatus.State.PENDING, null, 1, Instant.ofEpochMilli(T0 + 10)),
                catalog.find("rec-1").orElseThrow().importStatus());
        now.set(T0 + 30);
        assertTrue(catalog.importSucceeded("rec-1"));
        assertEquals(new ImportStatus(ImportStatus.State.IMPORTED, null, 2, Instant.ofEpochMilli(T0 + 30)),
                catalog.find("rec-1").orElseThrow().importStatus());
        assertFalse(catalog.importSucceeded("nope"));
    }

    // ---- getRecordings' filters and paging ------------------------------------------------------------------------

    @Test
    void withoutStatesOnlyPublishedAndUnpublishedAreListedAndAnyListsAll() {
        catalog.upsert(recording("r-pub", "m", null, "published", 1));
        catalog.upsert(recording("r-unp", "m", null, "unpublished", 2));
        catalog.upsert(recording("r-pro", "m", null, "processing", 3));
        catalog.upsert(recording("r-del", "m", null, "deleted", 4));
        assertEquals(List.of("r-pub", "r-unp"), query(RecordingQuery.all()));
        assertEquals(List.of("r-pub", "r-unp", "r-pro", "r-del"), query(RecordingQuery.all().withStates(List.of("any"))));
        assertEquals(List.of("r-pro", "r-del"),
                query(RecordingQuery.all().withStates(List.of("deleted", "processing"))));
    }

    @Test
    void recordIdsMatchByPrefixLiterallyAndWinOverMeetingIds() {
        catalog.upsert(recording("abc-1", "m1", null, "published", 1));
        catalog.upsert(recording("abc-2", "m2", null, "published", 2));
        catalog.upsert(recording("abd_3", "m3", null, "published", 3));
        catalog.upsert(recording("abdx3", "m3", null, "published", 4));
        assertEquals(List.of("abc-1", "abc-2"), query(RecordingQuery.all().withRecordIds(List.of("abc"))));
        assertEquals(List.of("abc-2", "abd_3"), query(RecordingQuery.all().withRecordIds(List.of("abc-2", "abd_"))));
        assertEquals(List.of("abc-1", "abc-2"),
                query(RecordingQuery.all().withRecordIds(List.of("abc")).withMeetingIds(List.of("m3"))));
        assertEquals(List.of(), query(RecordingQuery.all().withRecordIds(List.of("%"))));
    }

    @Test
    void meetingIdsSelectTheirMeetingsRecordings() {
        catalog.upsert(recording("r1", "m1", null, "published", 1));
        catalog.upsert(recording("r2", "m2", null, "published", 2));
        catalog.upsert(recording("r3", "m3", null, "published", 3));
        assertEquals(List.of("r1", "r3"), query(RecordingQuery.all().withMeetingIds(List.of("m3", "m1"))));
    }

    @Test
    void aTenantSeesOnlyItsRecordingsAndNoTenantSeesAll() {
        catalog.upsert(recording("r1", "m", "acme", "published", 1));
        catalog.upsert(recording("r2", "m", "globex", "published", 2));
        catalog.upsert(recording("r3", "m", null, "published", 3));
        assertEquals(List.of("r1"), query(RecordingQuery.all().withTenant("acme")));
        assertEquals(List.of("r1", "r2", "r3"), query(RecordingQuery.all()));
    }

    @Test
    void metadataFiltersFollowBbbWebsWildcards() {
        catalog.upsert(withMeta(recording("r1", "m", null, "published", 1), Map.of("course", "math-101")));
        catalog.upsert(withMeta(recording("r2", "m", null, "published", 2), Map.of("course", "physics-101")));
        catalog.upsert(withMeta(recording("r3", "m", null, "published", 3), Map.of("course", "math_201")));
        catalog.upsert(withMeta(recording("r4", "m", null, "published", 4), Map.of("teacher", "math-101")));
        catalog.upsert(withMeta(recording("r5", "m", null, "published", 5), Map.of("course", "50%")));
        assertEquals(List.of("r1"), meta("course", "math-101"));
        assertEquals(List.of("r1", "r3"), meta("course", "math%"));
        assertEquals(List.of("r1", "r2"), meta("course", "%-101"));
        assertEquals(List.of("r1", "r3"), meta("course", "%ath%"));
        assertEquals(List.of("r3"), meta("course", "math_%"), "an _ matches only itself");
        assertEquals(List.of("r5"), meta("course", "50%"));
        assertEquals(List.of(), meta("course", "5%%"), "a % inside a filter matches only itself");
        assertEquals(List.of("r1", "r2", "r3", "r5"), meta("COURSE", "%"), "a lone % matches every value");
        assertEquals(List.of(), meta("course", "Math-101"), "values compare case-sensitively, as in bbb-web");
    }

    @Test
    void everyMetadataFilterMustMatch() {
        catalog.upsert(withMeta(recording("r1", "m", null, "published", 1), Map.of("a", "1", "b", "2")));
        catalog.upsert(withMeta(recording("r2", "m", null, "published", 2), Map.of("a", "1")));
        assertEquals(List.of("r1"), query(RecordingQuery.all().withMetadata(Map.of("a", "1", "b", "2"))));
    }

    @Test
    void pagesFollowStartTimesAndCountEveryMatch() {
        for (int i = 1; i <= 7; i++) {
            catalog.upsert(recording("r" + i, "m", null, "published", 100 - i));
        }
        catalog.upsert(recording("hidden", "m", null, "processing", 0));
        RecordingQuery all = RecordingQuery.all();
        RecordingPage second = catalog.query(all.withPaging(new RecordingsPaging(3, 3)));
        assertEquals(7, second.total());
        assertEquals(List.of("r4", "r3", "r2"), ids(second.recordings()));
        RecordingPage last = catalog.query(all.withPaging(new RecordingsPaging(6, 3)));
        assertEquals(List.of("r1"), ids(last.recordings()));
        RecordingPage past = catalog.query(all.withPaging(new RecordingsPaging(10, 3)));
        assertEquals(List.of(), past.recordings());
        assertEquals(7, past.total());
        assertEquals(7, catalog.query(all).recordings().size());
        assertEquals(recording("r2", "m", null, "published", 98), second.recordings().get(2).recording(),
                "a page's recordings carry their formats and metadata");
    }

    @Test
    void keysOfAPageComeInListingOrderAndTheirRecordingsAreReadWhole() {
        for (int i = 1; i <= 7; i++) {
            catalog.upsert(recording("r" + i, "m", null, "published", 100 - i));
        }
        RecordingKeys keys = catalog.queryKeys(RecordingQuery.all().withPaging(new RecordingsPaging(0, 3)));
        assertEquals(7, keys.total());
        assertEquals(List.of(new RecordingKeys.Key("r7", 93), new RecordingKeys.Key("r6", 94),
                new RecordingKeys.Key("r5", 95)), keys.keys());
        List<CatalogEntry> whole = catalog.findAll(List.of("r2", "r6", "unknown"));
        assertEquals(List.of("r6", "r2"), ids(whole), "in listing order, the unknown left out");
        assertEquals(recording("r2", "m", null, "published", 98), whole.get(1).recording());
        assertEquals(java.util.Set.of("r1", "r3"), catalog.keptAmong(List.of("r1", "node-only", "r3")),
                "which of the nodes' recordIDs the catalog keeps");
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            many.add("x" + i);
        }
        many.add("r4");
        assertEquals(java.util.Set.of("r4"), catalog.keptAmong(many), "more than one IN list's worth");
    }

    // ---- deletes --------------------------------------------------------------------------------------------------

    @Test
    void deletingOneAnswersWhatItRemovedWithItsFormatsAndMetadata() throws SQLException {
        catalog.upsert(recording("r1", "m1", "acme", "published", 1));
        catalog.upsert(recording("r2", "m1", "acme", "published", 2));
        assertEquals(List.of(new DeletedRecording("r1", "m1", "acme")), catalog.delete("r1"));
        assertEquals(List.of(), catalog.delete("r1"));
        assertTrue(catalog.find("r1").isEmpty());
        assertEquals(2, count("recording_format"), "r2's two formats are left");
        assertEquals(2, count("recording_metadata"), "r2's two metadata are left");
    }

    @Test
    void deletingAMeetingRemovesItsRecordingsOfItsTenantOnly() {
        catalog.upsert(recording("r1", "m1", "acme", "published", 1));
        catalog.upsert(recording("r2", "m1", "acme", "deleted", 2));
        catalog.upsert(recording("r3", "m1", "globex", "published", 3));
        catalog.upsert(recording("r4", "m2", "acme", "published", 4));
        catalog.upsert(recording("r5", "m1", null, "published", 5));
        assertEquals(List.of(new DeletedRecording("r1", "m1", "acme"), new DeletedRecording("r2", "m1", "acme")),
                catalog.deleteMeeting("acme", "m1"));
        assertEquals(List.of(new DeletedRecording("r5", "m1", null)), catalog.deleteMeeting(null, "m1"));
        assertEquals(List.of("r3", "r4"), query(RecordingQuery.all().withStates(List.of("any"))));
    }

    @Test
    void deletingATenantRemovesAllItsRecordings() {
        catalog.upsert(recording("r1", "m1", "acme", "published", 1));
        catalog.upsert(recording("r2", "m2", "acme", "processing", 2));
        catalog.upsert(recording("r3", "m1", "globex", "published", 3));
        assertEquals(List.of(new DeletedRecording("r1", "m1", "acme"), new DeletedRecording("r2", "m2", "acme")),
                catalog.deleteTenant("acme"));
        assertEquals(List.of(), catalog.deleteTenant("acme"));
        assertEquals(List.of("r3"), query(RecordingQuery.all().withStates(List.of("any"))));
    }

    // ---- retention --------------------------------------------------------------------------------------------------

    @Test
    void recordingsEndedBeforeAnInstantAreListedPerTenantAndStateOldestFirstPageAfterPage() {
        catalog.upsert(timed("r-old", "acme", "published", 100, 500));
        catalog.upsert(timed("r-older", "acme", "published", 100, 300));
        catalog.upsert(timed("r-tie-b", "acme", "published", 100, 400));
        catalog.upsert(timed("r-tie-a", "acme", "published", 100, 400));
        catalog.upsert(timed("r-unpublished", "acme", "unpublished", 100, 200));
        catalog.upsert(timed("r-recent", "acme", "published", 100, 1000));
        catalog.upsert(timed("r-other-tenant", "globex", "published", 100, 200));
        catalog.upsert(timed("r-no-tenant", null, "published", 100, 200));
        Instant before = Instant.ofEpochMilli(1000);

        List<CatalogEntry> first = catalog.endedBefore("acme", before, "published", null, 2);
        assertEquals(List.of("r-older", "r-tie-a"), ids(first));
        List<CatalogEntry> second = catalog.endedBefore("acme", before, "published", first.get(1), 2);
        assertEquals(List.of("r-tie-b", "r-old"), ids(second), "the tie goes on by recordID");
        assertEquals(List.of(), catalog.endedBefore("acme", before, "published", second.get(1), 2));
        assertEquals(List.of("r-unpublished", "r-older", "r-tie-a", "r-tie-b", "r-old"),
                ids(catalog.endedBefore("acme", before, null, null, 10)), "any state; r-recent ended at the instant");
        assertEquals(List.of("r-no-tenant"), ids(catalog.endedBefore(null, before, null, null, 10)));
    }

    @Test
    void aPageAfterARecordingDeletedMeanwhileSkipsNone() {
        for (int i = 1; i <= 5; i++) {
            catalog.upsert(timed("r" + i, "acme", "published", 0, i * 100));
        }
        List<CatalogEntry> first = catalog.endedBefore("acme", Instant.ofEpochMilli(10_000), null, null, 2);
        first.forEach(entry -> catalog.delete(entry.recording().recordId()));
        assertEquals(List.of("r3", "r4"), ids(catalog.endedBefore("acme", Instant.ofEpochMilli(10_000), null,
                first.get(1), 2)));
    }

    @Test
    void aRecordingWithoutEndTimeAgesFromItsStartAndOneWithNeitherTimeNever() {
        catalog.upsert(timed("r-started", "acme", "published", 300, 0));
        catalog.upsert(timed("r-ended", "acme", "published", 100, 600));
        catalog.upsert(timed("r-timeless", "acme", "published", 0, 0));
        assertEquals(List.of("r-started"), ids(catalog.endedBefore("acme", Instant.ofEpochMilli(500), null, null, 10)));
        assertEquals(List.of("r-started", "r-ended"),
                ids(catalog.endedBefore("acme", Instant.ofEpochMilli(Long.MAX_VALUE), null, null, 10)));
    }

    @Test
    void aStateChangeFromAnExpectedStateIsMadeOnce() {
        catalog.upsert(recording("rec-1", "m1", null, "published", 1));
        assertTrue(catalog.setState("rec-1", "published", "unpublished"));
        assertFalse(catalog.setState("rec-1", "published", "unpublished"), "already done (by another instance)");
        assertFalse(catalog.setState("nope", "published", "unpublished"));
        assertEquals("unpublished", catalog.find("rec-1").orElseThrow().recording().state());
    }

    @Test
    void theTenantsWithRecordingsAreListedNoTenantFirst() {
        assertEquals(List.of(), catalog.tenants());
        catalog.upsert(recording("r1", "m", "globex", "published", 1));
        catalog.upsert(recording("r2", "m", "acme", "published", 2));
        catalog.upsert(recording("r3", "m", "acme", "published", 3));
        catalog.upsert(recording("r4", "m", null, "published", 4));
        assertEquals(java.util.Arrays.asList(null, "acme", "globex"), catalog.tenants());
    }

    // ---- storage --------------------------------------------------------------------------------------------------

    @Test
    void storageIsCountedPerTenant() {
        catalog.upsert(recording("r1", "m1", "acme", "published", 1));
        catalog.upsert(recording("r2", "m2", "acme", "published", 2));
        catalog.upsert(new Recording("r3", "m3", "im3", null, "n", "published", false, 0, 0, 0, 5, null, List.of(),
                Map.of()));
        assertEquals(List.of(new TenantStorage(null, 1, 5, 0), new TenantStorage("acme", 2, 2048, 2 * (1000 + 2000))),
                catalog.storage());
    }

    // ---- two instances on one database ----------------------------------------------------------------------------

    @Test
    void twoCatalogsUpsertingTheSameRecordingsAtOnceBothSucceedAndLeaveOneWholeWrite() throws Exception {
        RecordingCatalog other = new RecordingCatalog(open(), clock);
        List<RecordingCatalog> catalogs = List.of(catalog, other);
        int recordings = 20;
        CyclicBarrier start = new CyclicBarrier(catalogs.size());
        AtomicInteger created = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(catalogs.size());
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < catalogs.size(); w++) {
                RecordingCatalog writer = catalogs.get(w);
                String node = "bbb-" + w;
                writers.add(threads.submit(() -> {
                    for (int i = 0; i < recordings; i++) {
                        start.await(10, TimeUnit.SECONDS);
                        if (writer.upsert(fromNode(recording("rec-" + i, "m", null, "published", i), node))) {
                            created.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(recordings, created.get(), "each recording was created once, updated by the other");
        List<CatalogEntry> all = catalog.query(RecordingQuery.all()).recordings();
        assertEquals(recordings, all.size());
        Set<String> nodes = new HashSet<>();
        for (CatalogEntry entry : all) {
            Recording r = entry.recording();
            assertEquals(fromNode(recording(r.recordId(), "m", null, "published", (int) r.startTime()), r.originNode()),
                    r, "formats and metadata of one write, never a mix");
            nodes.add(r.originNode());
        }
        assertTrue(Set.of("bbb-0", "bbb-1").containsAll(nodes));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** A recording with two formats and metadata naming it, so that a mix of two writes shows. */
    private static Recording recording(String id, String meeting, String tenant, String state, long start) {
        return new Recording(id, meeting, "internal-" + meeting, tenant, "Meeting " + meeting, state, false, start,
                start + 60_000, 3, 1024, "bbb-1",
                List.of(new RecordingFormat("presentation", "https://bbb-1/playback/presentation/2.3/" + id, 1, 1000,
                        50, "[{\"url\":\"https://bbb-1/" + id + "/slide-1.png\",\"alt\":\"Welcome\"}]"),
                        new RecordingFormat("video", "https://bbb-1/playback/video/" + id, 1, 2000, 70, null)),
                Map.of("bbb-origin", "greenlight", "recording", id));
    }

    private static Recording timed(String id, String tenant, String state, long start, long end) {
        Recording r = recording(id, "m", tenant, state, start);
        return new Recording(r.recordId(), r.meetingId(), r.internalMeetingId(), r.tenant(), r.name(), r.state(),
                r.protectedPlayback(), start, end, r.participants(), r.rawSizeBytes(), r.originNode(), r.formats(),
                r.metadata());
    }

    private static Recording fromNode(Recording r, String node) {
        List<RecordingFormat> formats = r.formats().stream().map(f -> new RecordingFormat(f.type(),
                f.location().replace("bbb-1", node), f.lengthMinutes(), f.sizeBytes(), f.processingTimeMillis(),
                f.previewJson() == null ? null : f.previewJson().replace("bbb-1", node))).toList();
        Map<String, String> metadata = new LinkedHashMap<>(r.metadata());
        metadata.put("node", node);
        return new Recording(r.recordId(), r.meetingId(), r.internalMeetingId(), r.tenant(), r.name(), r.state(),
                r.protectedPlayback(), r.startTime(), r.endTime(), r.participants(), r.rawSizeBytes(), node, formats,
                metadata);
    }

    private static Recording withMeta(Recording r, Map<String, String> metadata) {
        return new Recording(r.recordId(), r.meetingId(), r.internalMeetingId(), r.tenant(), r.name(), r.state(),
                r.protectedPlayback(), r.startTime(), r.endTime(), r.participants(), r.rawSizeBytes(), r.originNode(),
                r.formats(), metadata);
    }

    private List<String> query(RecordingQuery query) {
        RecordingPage page = catalog.query(query);
        assertEquals(page.recordings().size(), page.total());
        return ids(page.recordings());
    }

    private List<String> meta(String name, String filter) {
        return query(RecordingQuery.all().withMetadata(Map.of(name, filter)));
    }

    private static List<String> ids(List<CatalogEntry> entries) {
        return entries.stream().map(e -> e.recording().recordId()).toList();
    }

    private long count(String table) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
