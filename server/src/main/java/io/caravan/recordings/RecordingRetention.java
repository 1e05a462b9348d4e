package io.caravan.recordings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.caravan.catalog.CatalogEntry;
import io.caravan.catalog.RecordingCatalog;
import io.caravan.inventory.Retention;
import io.caravan.inventory.Tenant;
import io.caravan.inventory.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention of the recordings Caravan keeps (route recordings-retention): those older than their delete-after
 * are deleted ({@link RecordingDeletions}, by=retention), then those older than their unpublish-after that are still
 * published are unpublished, each with an audit line. A recording's age counts from its end (its start when it has
 * none); its rules are its tenant's over the global ones ({@link Retention#over}); a tenant no longer in the
 * inventory has the global ones. The catalog is read a page at a time, never whole.
 *
 * <p>Several instances sharing one catalog may run at once, and that is harmless: a recording is deleted by whichever
 * instance gets to it first and the others find nothing to delete, and it is unpublished only from the published
 * state, so each change and its audit line happen once. Only the work is done twice, which a nightly run can afford,
 * and which spares Caravan a lock in the database that every instance would need to agree on.
 */
public final class RecordingRetention {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingRetention.class);
    /** Recordings read from the catalog at a time. */
    static final int PAGE_SIZE = 100;
    static final String BY = "retention";

    private final RecordingCatalogOnDemand catalogs;
    private final RecordingDeletions deletions;
    private final Tenants tenants;
    private final Retention global;
    private final Clock clock;

    public RecordingRetention(RecordingCatalogOnDemand catalogs, RecordingDeletions deletions, Tenants tenants,
            Retention global, Clock clock) {
        this.catalogs = catalogs;
        this.deletions = deletions;
        this.tenants = tenants;
        this.global = global;
        this.clock = clock;
    }

    /** What one run did. */
    public record Run(int deleted, int unpublished) {
    }

    /** One run over every tenant's recordings; logs one line saying what it did. */
    public Run apply() {
        long started = System.nanoTime();
        if (global.none() && tenants.all().stream().allMatch(t -> t.retention().none())) {
            LOG.info("recordings retention: no rules (caravan.recordings.retention.*, tenants' retention), nothing to do");
            return new Run(0, 0);
        }
        // a catalog never created has no recordings: it is not created for this
        Optional<RecordingCatalog> catalog = catalogs.ifAny();
        if (catalog.isEmpty()) {
            LOG.info("recordings retention: Caravan keeps no recordings, nothing to do");
            return new Run(0, 0);
        }
        Instant now = clock.instant();
        int deleted = 0;
        int unpublished = 0;
        List<String> owners = catalog.get().tenants();
        for (String tenant : owners) {
            Retention rules = rulesOf(tenant);
            if (rules.deleteAfter().isPresent()) {
                deleted += delete(catalog.get(), tenant, now, rules.deleteAfter().get());
            }
            if (rules.unpublishAfter().isPresent()) {
                unpublished += unpublish(catalog.get(), tenant, now, rules.unpublishAfter().get());
            }
        }
        LOG.info("recordings retention: {} deleted, {} unpublished ({} ms; tenants with recordings: {})", deleted,
                unpublished, (System.nanoTime() - started) / 1_000_000, owners.size());
        return new Run(deleted, unpublished);
    }

    private Retention rulesOf(String tenant) {
        return tenant == null ? global
                : tenants.named(tenant).map(Tenant::retention).orElse(Retention.NONE).over(global);
    }

    private int delete(RecordingCatalog catalog, String tenant, Instant now, Duration deleteAfter) {
        int deleted = 0;
        CatalogEntry last = null;
        for (List<CatalogEntry> page = catalog.endedBefore(tenant, now.minus(deleteAfter), null, null, PAGE_SIZE);
                !page.isEmpty(); page = catalog.endedBefore(tenant, now.minus(deleteAfter), null, last, PAGE_SIZE)) {
            for (CatalogEntry entry : page) {
                deleted += deletions.delete(entry.recording().recordId(), BY,
                        reason("delete-after", deleteAfter, entry)).size();
            }
            last = page.get(page.size() - 1);
        }
        return deleted;
    }

    private int unpublish(RecordingCatalog catalog, String tenant, Instant now, Duration unpublishAfter) {
        int unpublished = 0;
        CatalogEntry last = null;
        Instant before = now.minus(unpublishAfter);
        for (List<CatalogEntry> page = catalog.endedBefore(tenant, before, "published", null, PAGE_SIZE);
                !page.isEmpty(); page = catalog.endedBefore(tenant, before, "published", last, PAGE_SIZE)) {
            for (CatalogEntry entry : page) {
                if (catalog.setState(entry.recording().recordId(), "published", "unpublished")) {
                    RecordingAudit.unpublished(entry.recording().recordId(), entry.recording().meetingId(),
                            entry.recording().tenant(), BY, reason("unpublish-after", unpublishAfter, entry));
                    unpublished++;
                }
            }
            last = page.get(page.size() - 1);
        }
        return unpublished;
    }

    private static String reason(String rule, Duration period, CatalogEntry entry) {
        return "older than " + rule + " " + Retention.text(period) + " (ended "
                + Instant.ofEpochMilli(RecordingCatalog.ended(entry.recording())) + ")";
    }
}
