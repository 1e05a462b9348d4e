package io.caravan.recordings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.caravan.catalog.DeletedRecording;
import io.caravan.storage.RecordingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes recordings Caravan keeps, files and catalog entry together, and writes one audit line per recording
 * deleted ({@link RecordingAudit}, logger {@code caravan.audit}: who asked, why, and what it was) for operators who
 * must show what was erased. The catalog entry goes first: a recording whose files could not be removed is no longer
 * listed or playable, and its files are logged for the operator. Deleting what is already gone (another instance was
 * first) deletes nothing and writes no line: the catalog answers only what this call removed.
 */
public final class RecordingDeletions {

    /** The audit log's logger name: its own, so operators can route it to a file of its own. */
    public static final String AUDIT_LOGGER = RecordingAudit.LOGGER;

    private static final Logger LOG = LoggerFactory.getLogger(RecordingDeletions.class);

    private final RecordingStore store;
    private final RecordingCatalogOnDemand catalog;

    public RecordingDeletions(RecordingStore store, RecordingCatalogOnDemand catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** Deletes one recording; empty when Caravan's storage does not have it. {@code by} names who asked. */
    public List<DeletedRecording> delete(String recordId, String by) {
        return delete(recordId, by, null);
    }

    /** The same, with the reason the audit line gives (null: none). */
    public List<DeletedRecording> delete(String recordId, String by, String reason) {
        return removed(catalog.ifAny().map(c -> c.delete(recordId)), by, reason);
    }

    /** Deletes every recording of a meeting of a tenant (null: recordings of no tenant). */
    public List<DeletedRecording> deleteMeeting(String tenant, String meetingId, String by) {
        return deleteMeeting(tenant, meetingId, by, null);
    }

    public List<DeletedRecording> deleteMeeting(String tenant, String meetingId, String by, String reason) {
        return removed(catalog.ifAny().map(c -> c.deleteMeeting(tenant, meetingId)), by, reason);
    }

    /** Deletes every recording of a tenant. */
    public List<DeletedRecording> deleteTenant(String tenant, String by) {
        return deleteTenant(tenant, by, null);
    }

    public List<DeletedRecording> deleteTenant(String tenant, String by, String reason) {
        return removed(catalog.ifAny().map(c -> c.deleteTenant(tenant)), by, reason);
    }

    private List<DeletedRecording> removed(Optional<List<DeletedRecording>> deleted, String by, String reason) {
        List<DeletedRecording> done = new ArrayList<>();
        for (DeletedRecording recording : deleted.orElse(List.of())) {
            try {
                store.delete(recording.tenant(), recording.recordId());
            } catch (IOException | UncheckedIOException e) {
                LOG.error("recording {} left the catalog but its files could not be deleted: {}",
                        recording.recordId(), e.getMessage());
            }
            RecordingAudit.deleted(recording.recordId(), recording.meetingId(), recording.tenant(), "storage", by,
                    reason);
            done.add(recording);
        }
        return done;
    }
}
