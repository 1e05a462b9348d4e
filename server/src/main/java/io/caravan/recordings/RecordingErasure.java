package io.caravan.recordings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.caravan.bbb.NodeAnswers;
import io.caravan.bbb.QueryParams;
import io.caravan.catalog.DeletedRecording;
import io.caravan.inventory.Tenants;
import io.caravan.nodecalls.NodeCall;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.nodes.NodeRegistry;
import io.caravan.nodes.NodeStatus;
import io.caravan.routes.ExchangeProperties;
import io.caravan.shared.SharedEvents;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The steps of an {@link Erasure} (route admin-erase-recordings): the recordings Caravan keeps are deleted through
 * {@link RecordingDeletions}, then those the nodes have get a signed deleteRecordings per node, as
 * bbb-change-recordings sends them, through direct:call-node. Every recording deleted gets an audit line (by=admin),
 * the nodes' too; a recording on a node that is offline, or that fails, is reported as not deleted, for the operator
 * to erase again once the node is back.
 */
public final class RecordingErasure {

    static final String BY = "admin";
    /** recordIDs per deleteRecordings call: a tenant's hundreds in one query would outgrow what proxies accept. */
    static final int IDS_PER_CALL = 40;

    private final RecordingIndex index;
    private final NodeRegistry registry;
    private final Tenants tenants;
    private final RecordingDeletions deletions;
    private final RecordingCatalogOnDemand catalogs;
    private final SharedEvents events;
    private final long nodeTimeoutMillis;

    public RecordingErasure(RecordingIndex index, NodeRegistry registry, Tenants tenants, RecordingDeletions deletions,
            RecordingCatalogOnDemand catalogs, SharedEvents events, long nodeTimeoutMillis) {
        this.index = index;
        this.registry = registry;
        this.tenants = tenants;
        this.deletions = deletions;
        this.catalogs = catalogs;
        this.events = events;
        this.nodeTimeoutMillis = nodeTimeoutMillis;
    }

    /**
     * Whether there is anything of this tenant to erase: a declared tenant, or one removed from the inventory whose
     * recordings Caravan still keeps (erasing them is what ends a customer's contract).
     */
    public boolean knows(String tenant) {
        return tenants.named(tenant).isPresent()
                || catalogs.ifAny().map(catalog -> catalog.tenants().contains(tenant)).orElse(false);
    }

    /** Deletes the recordings Caravan keeps that the erase covers, with their audit lines. */
    public void deleteKept(@ExchangeProperty(ExchangeProperties.ERASURE) Erasure erasure) {
        List<DeletedRecording> deleted = erasure.meetingId() == null
                ? deletions.deleteTenant(erasure.tenant(), BY, erasure.reason())
                : deletions.deleteMeeting(erasure.tenant(), erasure.meetingId(), BY, erasure.reason());
        deleted.forEach(r -> erasure.deleted(new Erasure.Outcome(r.recordId(), r.meetingId(), r.tenant(),
                Erasure.STORAGE, null)));
    }

    /**
     * The signed deleteRecordings calls for the recordings the nodes have (the index, just refreshed by a poll), a
     * few dozen recordIDs per call; the recordings of a node that is offline or gone are reported not deleted.
     */
    public List<NodeCall> nodeCalls(@ExchangeProperty(ExchangeProperties.ERASURE) Erasure erasure) {
        Map<String, List<IndexedRecording>> perNode = new LinkedHashMap<>();
        index.find(r -> erasure.covers(r, tenants))
                .forEach(r -> perNode.computeIfAbsent(r.nodeName(), n -> new ArrayList<>()).add(r));
        List<NodeCall> calls = new ArrayList<>();
        perNode.forEach((nodeName, recordings) -> {
            NodeStatus status = registry.status(nodeName).orElse(null);
            String unreachable = status == null ? "the node is no longer in the inventory"
                    : status.online() ? null : "the node is offline";
            if (unreachable != null) {
                recordings.forEach(r -> erasure.notDeleted(r, where(nodeName), unreachable));
                return;
            }
            for (int from = 0; from < recordings.size(); from += IDS_PER_CALL) {
                List<IndexedRecording> part = recordings.subList(from, Math.min(recordings.size(), from + IDS_PER_CALL));
                String recordIds = String.join(",", part.stream().map(IndexedRecording::recordID).toList());
                NodeCall call = NodeCalls.signed(status.node(), "deleteRecordings",
                        "recordID=" + QueryParams.encode(recordIds), "GET", null, null, nodeTimeoutMillis);
                erasure.sent(call, part);
                calls.add(call);
            }
        });
        return calls;
    }

    /**
     * A node's answer to one deleteRecordings: SUCCESS deletes its recordings from the index, each with its audit
     * line; a FAILED answer leaves them not deleted, but notFound means the node no longer has them, so they leave the
     * index (and are reported not deleted by this erase, which found them gone).
     */
    public void nodeAnswered(@ExchangeProperty(ExchangeProperties.ERASURE) Erasure erasure,
            @ExchangeProperty(ExchangeProperties.NODE_CALL) NodeCall call, @Body byte[] answer) {
        NodeAnswers.Outcome outcome = NodeAnswers.outcome(NodeAnswers.parse(answer));
        String where = where(call.nodeName());
        for (IndexedRecording recording : erasure.sentWith(call)) {
            if (outcome.success()) {
                index.remove(recording.recordID());
                String meetingId = erasure.clientMeetingId(recording);
                RecordingAudit.deleted(recording.recordID(), meetingId, erasure.tenant(), where, BY, erasure.reason());
                erasure.deleted(new Erasure.Outcome(recording.recordID(), meetingId, erasure.tenant(), where, null));
            } else {
                if ("notFound".equals(outcome.messageKey())) {
                    index.remove(recording.recordID());
                }
                erasure.notDeleted(recording, where, "the node answered " + outcome.messageKey());
            }
        }
    }

    /** A node that did not answer one deleteRecordings (down, too slow): its recordings are not deleted. */
    public void nodeFailed(@ExchangeProperty(ExchangeProperties.ERASURE) Erasure erasure,
            @ExchangeProperty(ExchangeProperties.NODE_CALL) NodeCall call,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        for (IndexedRecording recording : erasure.sentWith(call)) {
            erasure.notDeleted(recording, where(call.nodeName()), "the node did not answer: " + failure.getMessage());
        }
    }

    /** Tells the other instances (caravan.store=redis) to drop what the nodes deleted and poll those nodes again. */
    public void announce(@ExchangeProperty(ExchangeProperties.ERASURE) Erasure erasure) {
        Set<String> nodes = new LinkedHashSet<>();
        List<String> deleted = new ArrayList<>();
        for (Erasure.Outcome outcome : erasure.deleted()) {
            if (!outcome.where().equals(Erasure.STORAGE)) {
                nodes.add(outcome.where().substring("node:".length()));
                deleted.add(outcome.recordID());
            }
        }
        if (!nodes.isEmpty()) {
            new RecordingsChanged(List.copyOf(nodes), deleted).publish(events);
        }
    }

    private static String where(String nodeName) {
        return "node:" + nodeName;
    }
}
