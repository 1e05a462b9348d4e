package io.caravan.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.caravan.catalog.CatalogEntry;
import io.caravan.catalog.ImportStatus;
import io.caravan.catalog.RecordingCatalog;
import io.caravan.catalog.TenantStorage;
import io.caravan.recordings.ImportLog;
import io.caravan.recordings.RecordingCatalogOnDemand;
import io.caravan.recordings.SpoolImports;
import io.caravan.storage.RecordingStore;

/**
 * The imports of recordings into Caravan's storage, for operators: the latest of this instance (uploads, spool,
 * operator imports, with the reason of each failure), the catalog's recordings whose import is pending or failed,
 * the spool directory's waiting and refused tarballs, and the storage each tenant's recordings take. Also the retry
 * of the spool's refused tarballs.
 */
public final class ImportAdmin {

    /** How many catalog entries of each import state are shown. */
    static final int LISTED = 100;

    /** How long a tenant's measured storage is reused: measuring walks its files (or lists its objects). */
    static final Duration MEASURED_FOR = Duration.ofMinutes(1);

    private final ImportLog log;
    private final SpoolImports spool;
    private final RecordingCatalogOnDemand catalog;
    private final RecordingStore store;
    private final Cache<String, Long> measured = Caffeine.newBuilder().expireAfterWrite(MEASURED_FOR)
            .maximumSize(10_000).build();

    public ImportAdmin(ImportLog log, SpoolImports spool, RecordingCatalogOnDemand catalog, RecordingStore store) {
        this.log = log;
        this.spool = spool;
        this.catalog = catalog;
        this.store = store;
    }

    public AdminAnswer imports() {
        return AdminResponses.answering(() -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            Map<String, Object> spooled = new LinkedHashMap<>();
            spooled.put("enabled", spool.enabled());
            spooled.put("pending", read(spool::pending));
            spooled.put("failed", read(spool::failed));
            answer.put("spool", spooled);
            answer.put("latest", log.latest().stream().map(ImportAdmin::view).toList());
            RecordingCatalog recordings = catalog.ifAny().orElse(null);
            answer.put("pending", recordings == null ? List.of() : views(recordings.imports(ImportStatus.State.PENDING,
                    LISTED)));
            answer.put("failed", recordings == null ? List.of() : views(recordings.imports(ImportStatus.State.FAILED,
                    LISTED)));
            answer.put("storage", recordings == null ? List.of() : storage(recordings.storage()));
            return AdminAnswer.ok(answer);
        });
    }

    /** Moves the spool's refused tarballs back to be imported again. */
    public AdminAnswer retry() {
        return AdminResponses.answering(() -> AdminAnswer.ok(Map.of("retried", read(spool::retryFailed))));
    }

    /** What the spool directory tells; a directory that cannot be read is a failure of Caravan's (admin-errors). */
    private static <T> T read(SpoolRead<T> read) {
        try {
            return read.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface SpoolRead<T> {
        T run() throws IOException;
    }

    private static List<Map<String, Object>> views(List<CatalogEntry> entries) {
        return entries.stream().map(e -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("recordID", e.recording().recordId());
            view.put("tenant", e.recording().tenant());
            view.put("meetingID", e.recording().meetingId());
            view.put("originNode", e.recording().originNode());
            view.put("state", e.importStatus().state().name().toLowerCase(Locale.ROOT));
            view.put("reason", e.importStatus().reason());
            view.put("attempts", e.importStatus().attempts());
            view.put("time", e.importStatus().time() == null ? null : e.importStatus().time().toString());
            return view;
        }).toList();
    }

    private static Map<String, Object> view(ImportLog.Entry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("time", entry.time().toString());
        view.put("source", entry.source());
        view.put("from", entry.from());
        view.put("recordID", entry.recordId());
        view.put("tenant", entry.tenant());
        view.put("outcome", entry.outcome());
        view.put("reason", entry.reason());
        view.put("bytes", entry.bytes());
        return view;
    }

    /**
     * Per tenant: its recordings, the bytes its files take in the store (measured, at most {@link #MEASURED_FOR}
     * old), the sizes its recordings' metadata.xml publish, and what the nodes recorded (raw).
     */
    private List<Map<String, Object>> storage(List<TenantStorage> storage) {
        return storage.stream().map(s -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("tenant", s.tenant());
            view.put("recordings", s.recordings());
            view.put("bytes", measured.get(s.tenant() == null ? "" : s.tenant(), tenant -> read(() ->
                    store.bytesUsed(tenant.isEmpty() ? null : tenant))));
            view.put("publishedBytes", s.formatBytes());
            view.put("rawBytes", s.rawBytes());
            return view;
        }).toList();
    }
}
