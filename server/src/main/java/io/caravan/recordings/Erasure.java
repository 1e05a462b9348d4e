package io.caravan.recordings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.caravan.inventory.Tenant;
import io.caravan.inventory.Tenants;
import io.caravan.nodecalls.NodeCall;

/**
 * One erase of every recording of a tenant, or of one meeting (the admin API's {@code DELETE /admin/api/recordings}),
 * for a person's or a customer's right to erasure: what it covers and, as it goes, what was deleted where and what
 * could not be. The node calls fill it in parallel.
 */
public final class Erasure {

    /** Caravan's own storage and catalog, as {@link Outcome#where()} names it. */
    public static final String STORAGE = "storage";

    private final String tenant;
    private final String meetingId;
    private final List<Outcome> deleted = Collections.synchronizedList(new ArrayList<>());
    private final List<Outcome> notDeleted = Collections.synchronizedList(new ArrayList<>());
    private final Map<NodeCall, List<IndexedRecording>> sent = Collections.synchronizedMap(new IdentityHashMap<>());

    private Erasure(String tenant, String meetingId) {
        this.tenant = tenant;
        this.meetingId = meetingId;
    }

    /** Every recording of the tenant. */
    public static Erasure ofTenant(String tenant) {
        return new Erasure(tenant, null);
    }

    /** The recordings of a meeting of the tenant (null: of no tenant), meetingID as the tenant's clients know it. */
    public static Erasure ofMeeting(String tenant, String meetingId) {
        return new Erasure(tenant, meetingId);
    }

    /** What became of one recording. {@code where}: {@link #STORAGE} or {@code node:<name>}; reason: null if deleted. */
    public record Outcome(String recordID, String meetingID, String tenant, String where, String reason) {
    }

    /** The tenant; null for recordings of no tenant. */
    public String tenant() {
        return tenant;
    }

    /** The meeting as the tenant's clients know it; null for all of the tenant's. */
    public String meetingId() {
        return meetingId;
    }

    public List<Outcome> deleted() {
        synchronized (deleted) {
            return List.copyOf(deleted);
        }
    }

    public List<Outcome> notDeleted() {
        synchronized (notDeleted) {
            return List.copyOf(notDeleted);
        }
    }

    /** The audit lines' reason. */
    String reason() {
        return meetingId == null ? "erase of tenant " + tenant
                : "erase of meeting " + meetingId + (tenant == null ? "" : " of tenant " + tenant);
    }

    /**
     * Whether a recording on a node (its meetingID namespaced for tenants) is one this erase covers. A meeting of no
     * tenant is one no declared tenant's namespace holds, so a meetingID naming a tenant's namespace erases nothing
     * of that tenant's.
     */
    boolean covers(IndexedRecording recording, Tenants tenants) {
        String onNode = recording.meetingID();
        if (tenant != null) {
            String namespace = tenant + Tenant.SEPARATOR;
            return meetingId == null ? onNode.startsWith(namespace) : onNode.equals(namespace + meetingId);
        }
        return onNode.equals(meetingId) && tenants.all().stream().noneMatch(t -> t.owns(onNode));
    }

    /** The meetingID a node recording has for its tenant's clients. */
    String clientMeetingId(IndexedRecording recording) {
        return tenant == null ? recording.meetingID()
                : recording.meetingID().substring(tenant.length() + 1);
    }

    void deleted(Outcome outcome) {
        deleted.add(outcome);
    }

    void notDeleted(IndexedRecording recording, String where, String reason) {
        notDeleted.add(new Outcome(recording.recordID(), clientMeetingId(recording), tenant, where, reason));
    }

    void sent(NodeCall call, List<IndexedRecording> recordings) {
        sent.put(call, List.copyOf(recordings));
    }

    List<IndexedRecording> sentWith(NodeCall call) {
        return sent.getOrDefault(call, List.of());
    }
}
