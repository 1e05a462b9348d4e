package io.caravan.admin;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.caravan.inventory.Tenant;
import io.caravan.inventory.Tenants;
import io.caravan.nodes.NodeRegistry;
import io.caravan.recordings.Erasure;
import io.caravan.recordings.IndexedRecording;
import io.caravan.recordings.RecordingErasure;
import io.caravan.recordings.RecordingIndex;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The recordings of the admin API. GET lists the recordings index (never a request per node): which node has which
 * recording, for operators draining or replacing a node. Filters: {@code node}, {@code meetingID} (as the node knows
 * it, namespaced for tenants), {@code tenant}, {@code state} (all states when absent); paged with {@code offset} and
 * {@code limit} (default 100, at most 1000), in getRecordings' order. DELETE erases a tenant's or a meeting's
 * recordings, those Caravan keeps and those the nodes have ({@link RecordingErasure} does it, in the route
 * admin-erase-recordings).
 */
public final class RecordingAdmin {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private static final Set<String> ERASE_PARAMETERS = Set.of("tenant", "meetingID");

    private final RecordingIndex index;
    private final NodeRegistry registry;
    private final Tenants tenants;
    private final RecordingErasure erasures;

    public RecordingAdmin(RecordingIndex index, NodeRegistry registry, Tenants tenants, RecordingErasure erasures) {
        this.index = index;
        this.registry = registry;
        this.tenants = tenants;
        this.erasures = erasures;
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

    /**
     * The erase a DELETE asks for, in the exchange property {@link ExchangeProperties#ERASURE}: {@code tenant} (all
     * its recordings), {@code tenant} and {@code meetingID} (that meeting's, meetingID as the tenant's clients know
     * it), or {@code meetingID} alone (that meeting's of no tenant). Refused in {@link ExchangeProperties#ADMIN_REFUSAL}:
     * neither given, another parameter (a misspelt meetingID must not widen an erase to the whole tenant), an empty
     * value (400); a tenant neither declared nor with recordings Caravan keeps (404).
     */
    public void prepareErase(Exchange exchange,
            @ExchangeProperty(ExchangeProperties.ADMIN_QUERY) Map<String, String> query) {
        Erasure erasure = AdminResponses.checking(exchange, () -> {
            for (String name : query.keySet()) {
                if (!ERASE_PARAMETERS.contains(name)) {
                    throw AdminError.badRequest("unknown parameter '" + name + "' (an erase takes tenant, meetingID)");
                }
            }
            String tenant = query.get("tenant");
            String meetingID = query.get("meetingID");
            if (tenant == null && meetingID == null) {
                throw AdminError.badRequest("name what to erase: tenant, tenant and meetingID, or meetingID (of no"
                        + " tenant)");
            }
            if ((tenant != null && tenant.isBlank()) || (meetingID != null && meetingID.isBlank())) {
                throw AdminError.badRequest("tenant and meetingID must not be empty");
            }
            if (tenant != null && !erasures.knows(tenant)) {
                throw AdminError.notFound("unknown tenant '" + tenant + "'");
            }
            return meetingID == null ? Erasure.ofTenant(tenant) : Erasure.ofMeeting(tenant, meetingID);
        });
        exchange.setProperty(ExchangeProperties.ERASURE, erasure);
    }

    /** What an erase deleted, where ({@code storage} or {@code node:<name>}), and what it could not, with why. */
    public AdminAnswer erased(@ExchangeProperty(ExchangeProperties.ERASURE) Erasure erasure) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenant", erasure.tenant());
        answer.put("meetingID", erasure.meetingId());
        answer.put("deleted", erasure.deleted().stream().map(o -> outcome(o, false)).toList());
        answer.put("notDeleted", erasure.notDeleted().stream().map(o -> outcome(o, true)).toList());
        return AdminAnswer.ok(answer);
    }

    private static Map<String, Object> outcome(Erasure.Outcome outcome, boolean withReason) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("recordID", outcome.recordID());
        view.put("meetingID", outcome.meetingID());
        view.put("tenant", outcome.tenant());
        view.put("where", outcome.where());
        if (withReason) {
            view.put("reason", outcome.reason());
        }
        return view;
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
