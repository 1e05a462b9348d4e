package io.caravan.recordings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.bbb.RecordingsPaging;
import io.caravan.bbb.XmlText;
import io.caravan.catalog.CatalogEntry;
import io.caravan.catalog.RecordingCatalog;
import io.caravan.catalog.RecordingKeys;
import io.caravan.catalog.RecordingQuery;
import io.caravan.inventory.Tenant;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The recordings Caravan keeps (uploaded into its storage, in the catalog) as the BBB API's recording calls see
 * them: getRecordings finds them beside the nodes' recordings, and publishRecordings, updateRecordings and
 * deleteRecordings change them here, in the catalog and the store, whether or not a node still has a copy (the
 * node's copy is changed too, by the node calls that follow). A tenant sees only its own.
 */
public final class KeptRecordings {

    private final RecordingCatalogOnDemand catalog;
    private final RecordingDeletions deletions;

    public KeptRecordings(RecordingCatalogOnDemand catalog, RecordingDeletions deletions) {
        this.catalog = catalog;
        this.deletions = deletions;
    }

    /**
     * The kept recordings matching getRecordings' filters (their recordIDs and start times), in getRecordings'
     * order: the first {@code first} of them when a page is asked for (a merged page never needs more of either
     * side), all otherwise; with how many match. {@link #load} reads the ones a page shows.
     */
    RecordingKeys find(ApiRequest request, Tenant tenant, Optional<Integer> first) {
        Optional<RecordingCatalog> recordings = catalog.ifAny();
        if (recordings.isEmpty()) {
            return new RecordingKeys(List.of(), 0);
        }
        RecordingQuery query = RecordingQuery.all()
                .withStates(RecordingParams.commaList(request.param("state")))
                .withMetadata(RecordingParams.meta(request, true));
        List<String> recordIDs = RecordingParams.commaList(request.param("recordID"));
        if (!recordIDs.isEmpty()) {
            query = query.withRecordIds(recordIDs);
        } else if (request.param("meetingID") != null) {
            query = query.withMeetingIds(clientMeetingIds(request.param("meetingID"), tenant));
        }
        if (tenant != null) {
            query = query.withTenant(tenant.name());
        }
        if (first.isPresent()) {
            query = query.withPaging(new RecordingsPaging(0, first.get()));
        }
        return recordings.get().queryKeys(query);
    }

    /** The kept recordings of these recordIDs, whole, by recordID. */
    Map<String, CatalogEntry> load(Collection<String> recordIDs) {
        Map<String, CatalogEntry> loaded = new HashMap<>();
        if (!recordIDs.isEmpty()) {
            catalog.ifAny().ifPresent(c -> c.findAll(recordIDs).forEach(e -> loaded.put(e.recording().recordId(), e)));
        }
        return loaded;
    }

    /** Which of these recordIDs (of the nodes' recordings) Caravan keeps: its copy is the one listed. */
    Set<String> keptAmong(Collection<String> recordIDs) {
        return recordIDs.isEmpty() ? Set.of() : catalog.ifAny().map(c -> c.keptAmong(recordIDs)).orElse(Set.of());
    }

    /**
     * The meetingIDs as the catalog keeps them (without a tenant's namespace). A tenant's list may come namespaced as
     * one value (as the index's filter reads it).
     */
    private static List<String> clientMeetingIds(String value, Tenant tenant) {
        String plain = tenant != null && value.startsWith(tenant.namespace())
                ? value.substring(tenant.namespace().length()) : value;
        return RecordingParams.commaList(plain);
    }

    /** The kept recording of this recordID if the tenant may see it. */
    Optional<CatalogEntry> visible(String recordID, Tenant tenant) {
        return catalog.ifAny().flatMap(c -> c.find(recordID))
                .filter(e -> tenant == null || tenant.name().equals(e.recording().tenant()));
    }

    /**
     * Step of bbb-change-recordings: applies publishRecordings, updateRecordings or deleteRecordings to the kept
     * recordings among the recordIDs, and records which they were in {@link ExchangeProperties#KEPT_RECORD_IDS}.
     * Parameters missing are left to the node calls' checks that follow (bbb-web's order of refusals).
     * publishRecordings sets published or unpublished; updateRecordings sets or (empty value) removes meta_
     * entries and, as Scalelite, {@code protect=true|false} makes playback need a one-time link; deleteRecordings
     * removes files and entry with an audit line.
     */
    public void change(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant) {
        List<String> changed = new ArrayList<>();
        exchange.setProperty(ExchangeProperties.KEPT_RECORD_IDS, changed);
        List<String> recordIDs = RecordingParams.commaList(request.param("recordID"));
        String publish = request.param("publish");
        if (recordIDs.isEmpty() || "publishRecordings".equals(request.call()) && (publish == null || publish.isBlank())
                || catalog.ifAny().isEmpty()) {
            return;
        }
        RecordingCatalog recordings = catalog.ifAny().get();
        for (String recordID : recordIDs) {
            Optional<CatalogEntry> kept = visible(recordID, tenant);
            if (kept.isEmpty()) {
                continue;
            }
            switch (request.call()) {
                case "publishRecordings" -> recordings.setState(recordID,
                        "true".equalsIgnoreCase(publish.strip()) ? "published" : "unpublished");
                case "deleteRecordings" -> deletions.delete(recordID, "deleteRecordings"
                        + (tenant == null ? "" : " of tenant " + tenant.name()));
                case "updateRecordings" -> update(recordings, recordID, request);
                default -> throw new IllegalStateException("not a recordings change: " + request.call());
            }
            changed.add(recordID);
        }
    }

    private static void update(RecordingCatalog recordings, String recordID, ApiRequest request) {
        Map<String, String> changes = RecordingParams.meta(request, false);
        if (!changes.isEmpty()) {
            recordings.updateMetadata(recordID, changes);
        }
        String protect = request.param("protect");
        if (protect != null && !protect.isBlank()) {
            recordings.setProtected(recordID, "true".equalsIgnoreCase(protect.strip()));
        }
    }

    /** bbb-web's answer to a change that only touched kept recordings. */
    static byte[] answer(ApiRequest request) {
        String element = switch (request.call()) {
            // bbb-web echoes the publish value as it was given
            case "publishRecordings" -> "<published>" + XmlText.escape(request.param("publish"))
                    + "</published>";
            case "deleteRecordings" -> "<deleted>true</deleted>";
            default -> "<updated>true</updated>";
        };
        return ("<response><returncode>SUCCESS</returncode>" + element + "</response>")
                .getBytes(StandardCharsets.UTF_8);
    }

    static BbbError notFound() {
        return new BbbError("notFound", "We could not find recordings");
    }
}
