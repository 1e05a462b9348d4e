package io.caravan.recordings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.catalog.CatalogEntry;
import io.caravan.catalog.Recording;
import io.caravan.catalog.RecordingCatalog;
import io.caravan.catalog.RecordingFormat;
import io.caravan.storage.ImportedRecording;
import io.caravan.storage.RecordingMetadata;
import io.caravan.storage.RecordingStore;

/**
 * Records a recording the store imported in the catalog, whatever brought it (a node's upload, the spool directory,
 * an operator's import): tenant, the meetingID its clients know, formats with their place in storage, metadata,
 * origin. A recording the catalog cannot take is removed from the store again: never files without their entry.
 */
final class RecordingCatalogue {

    /** The store's name for the recordings of no tenant. */
    static final String DEFAULT_TENANT = "_";

    private final RecordingStore store;
    private final RecordingCatalogOnDemand catalog;
    private final ObjectMapper json = new ObjectMapper();

    RecordingCatalogue(RecordingStore store, RecordingCatalogOnDemand catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /**
     * @param origin           the node that recorded it; null when unknown (an operator's import)
     * @param keepOtherFormats whether the catalog keeps the formats it lists that this import did not bring (the
     *                         store kept them too: {@link RecordingStore#importFormats})
     */
    Recording record(ImportedRecording imported, String origin, boolean keepOtherFormats) throws IOException {
        RecordingMetadata metadata = imported.metadata();
        String tenant = DEFAULT_TENANT.equals(imported.tenant()) ? null : imported.tenant();
        Map<String, RecordingFormat> formats = new LinkedHashMap<>();
        for (io.caravan.storage.RecordingFormat format : metadata.formats()) {
            formats.put(format.type(), new RecordingFormat(format.type(),
                    imported.tenant() + "/" + metadata.recordId() + "/" + format.type() + "/",
                    // bbb-web's <length>: the playback's duration in whole minutes
                    (int) Math.round(format.durationMillis() / 60_000.0), format.size(),
                    format.processingTimeMillis(), previews(format)));
        }
        try {
            RecordingCatalog recordings = catalog.get();
            boolean protectedPlayback = false;
            String state = metadata.state() == null ? "published" : metadata.state();
            if (keepOtherFormats) {
                CatalogEntry known = recordings.find(metadata.recordId()).orElse(null);
                if (known != null) {
                    known.recording().formats().forEach(f -> formats.putIfAbsent(f.type(), f));
                    // an operator's protect and unpublish outlive a format arriving later
                    protectedPlayback = known.recording().protectedPlayback();
                    state = known.recording().state();
                }
            }
            Recording recording = new Recording(metadata.recordId(),
                    RecordingTenant.clientMeetingId(metadata.meetingId(), tenant),
                    metadata.internalMeetingId() == null || metadata.internalMeetingId().isEmpty()
                            ? metadata.recordId() : metadata.internalMeetingId(), tenant,
                    metadata.name() == null ? "" : metadata.name(), state, protectedPlayback, metadata.startTime(),
                    metadata.endTime(), metadata.participants(), metadata.rawSize(), origin,
                    new ArrayList<>(formats.values()), metadata.meta());
            recordings.upsert(recording);
            recordings.importSucceeded(recording.recordId());
            return recording;
        } catch (RuntimeException e) {
            store.delete(tenant, metadata.recordId());
            throw e;
        }
    }

    private String previews(io.caravan.storage.RecordingFormat format) throws JsonProcessingException {
        return format.previewImages().isEmpty() ? null : json.writeValueAsString(format.previewImages());
    }

    /** The formats a catalogued recording lists, by type. */
    static List<String> types(Recording recording) {
        return recording.formats().stream().map(RecordingFormat::type).toList();
    }
}
