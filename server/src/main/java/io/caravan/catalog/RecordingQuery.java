package io.caravan.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.caravan.bbb.RecordingsPaging;

/**
 * getRecordings' filters, as bbb-web applies them (see {@code RecordingCalls.list}, which applies them to the
 * in-memory index): recordIDs are prefixes, and when there are any the meetingIDs are ignored; without states only
 * published and unpublished recordings, {@code any} for every state; each {@code meta_} filter must match, with
 * bbb-web's {@code %} wildcards ({@link io.caravan.bbb.MetadataFilter}). Build one from {@link #all()}.
 *
 * @param recordIdPrefixes recordIDs, each matching the recordings whose recordID starts with it
 * @param meetingIds       meetingIDs (as the tenant's clients know them)
 * @param states           the states asked for; empty for bbb-web's default
 * @param metadata         {@code meta_} filters by name (lower case) without the prefix
 * @param tenant           only this tenant's recordings; null for those of every tenant
 * @param paging           one page; empty for all the recordings found
 */
public record RecordingQuery(List<String> recordIdPrefixes, List<String> meetingIds, List<String> states,
        Map<String, String> metadata, String tenant, Optional<RecordingsPaging> paging) {

    /** bbb-web's states when getRecordings names none. */
    public static final List<String> DEFAULT_STATES = List.of("published", "unpublished");

    /** The state that asks for every state. */
    public static final String ANY_STATE = "any";

    public RecordingQuery {
        recordIdPrefixes = List.copyOf(recordIdPrefixes);
        meetingIds = List.copyOf(meetingIds);
        states = List.copyOf(states);
        Map<String, String> names = new LinkedHashMap<>();
        metadata.forEach((key, value) -> names.putIfAbsent(key.toLowerCase(Locale.ROOT), value));
        metadata = Collections.unmodifiableMap(names);
    }

    /** Every published or unpublished recording, unpaged. */
    public static RecordingQuery all() {
        return new RecordingQuery(List.of(), List.of(), List.of(), Map.of(), null, Optional.empty());
    }

    public RecordingQuery withRecordIds(List<String> prefixes) {
        return new RecordingQuery(prefixes, meetingIds, states, metadata, tenant, paging);
    }

    public RecordingQuery withMeetingIds(List<String> ids) {
        return new RecordingQuery(recordIdPrefixes, ids, states, metadata, tenant, paging);
    }

    public RecordingQuery withStates(List<String> wanted) {
        return new RecordingQuery(recordIdPrefixes, meetingIds, wanted, metadata, tenant, paging);
    }

    public RecordingQuery withMetadata(Map<String, String> filters) {
        return new RecordingQuery(recordIdPrefixes, meetingIds, states, filters, tenant, paging);
    }

    public RecordingQuery withTenant(String only) {
        return new RecordingQuery(recordIdPrefixes, meetingIds, states, metadata, only, paging);
    }

    public RecordingQuery withPaging(RecordingsPaging page) {
        return new RecordingQuery(recordIdPrefixes, meetingIds, states, metadata, tenant, Optional.of(page));
    }

    /** The states to match; empty when {@code any} asks for all. */
    List<String> effectiveStates() {
        if (states.contains(ANY_STATE)) {
            return List.of();
        }
        return states.isEmpty() ? DEFAULT_STATES : states;
    }
}
