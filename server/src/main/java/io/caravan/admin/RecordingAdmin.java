package io.caravan.admin;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.caravan.inventory.Tenant;
import io.caravan.inventory.Tenants;
import io.caravan.nodes.NodeRegistry;
import io.caravan.recordings.IndexedRecording;
import io.caravan.recordings.RecordingIndex;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * The recordings of the admin API, from the recordings index (never a request per node): which node has which
 * recording, for operators draining or replacing a node. Filters: {@code node}, {@code meetingID} (as the node knows
 * it, namespaced for tenants), {@code tenant}, {@code state} (all states when absent); paged with {@code offset} and
 * {@code limit} (default 100, at most 1000), in getRecordings' order.
 */
public final class RecordingAdmin {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final RecordingIndex index;
    private final NodeRegistry registry;
    private final Tenants tenants;

    public RecordingAdmin(RecordingIndex index, NodeRegistry registry, Tenants tenants) {
        this.index = index;
        this.registry = registry;
        this.tenants = tenants;
    }

    public AdminAnswer list(@ExchangeProperty(ExchangeProperties.ADMIN_QUERY) Map<String, String> query) {
        return AdminResponses.answering(() -> listed(query));
    }

    private AdminAnswer listed(Map<String, String> query) {
        Predicate<IndexedRecording> filter = r -> true;
        String node = query.get("node");
        if (node != null) {
            if (registry.node(node).isEmpty() && index.countOn(node) == 0) {
                throw AdminError.notFound("unknown node '" + node + "'");
            }
            filter = filter.and(r -> r.nodeName().equals(node));
        }
        String tenantName = query.get("tenant");
        if (tenantName != null) {
            Tenant tenant = tenants.named(tenantName)
                    .orElseThrow(() -> AdminError.notFound("unknown tenant '" + tenantName + "'"));
            filter = filter.and(r -> tenant.owns(r.meetingID()));
        }
        String meetingID = query.get("meetingID");
        if (meetingID != null) {
            filter = filter.and(r -> r.meetingID().equals(meetingID));
        }
        String state = query.get("state");
        if (state != null) {
            filter = filter.and(r -> r.state().equals(state));
        }
        int offset = number(query, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = number(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<IndexedRecording> found = index.find(filter);
        List<Map<String, Object>> page = found.stream().skip(offset).limit(limit).map(this::view).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total", found.size());
        answer.put("offset", offset);
        answer.put("limit", limit);
        answer.put("recordings", page);
        return AdminAnswer.ok(answer);
    }

    private Map<String, Object> view(IndexedRecording recording) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("recordID", recording.recordID());
        view.put("meetingID", recording.meetingID());
        view.put("tenant", tenants.all().stream().filter(t -> t.owns(recording.meetingID())).map(Tenant::name)
                .findFirst().orElse(null));
        view.put("node", recording.nodeName());
        view.put("nodeOnline", registry.canServe(recording.nodeName()));
        view.put("state", recording.state());
        view.put("startTime", recording.startTime() == 0 ? null
                : Instant.ofEpochMilli(recording.startTime()).toString());
        view.put("metadata", recording.metadata());
        return view;
    }

    private static int number(Map<String, String> query, String name, int absent, int min, int max) {
        String value = query.get(name);
        if (value == null) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < min || number > max) {
                throw AdminError.badRequest(name + " must be between " + min + " and " + max + ", not " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw AdminError.badRequest(name + " must be a whole number, not '" + value + "'");
        }
    }
}
