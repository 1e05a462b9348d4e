package io.caravan.placement;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.ApiRequestReader;
import io.caravan.bbb.BbbError;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.meetings.MeetingLocation;
import io.caravan.nodes.Node;
import io.caravan.nodes.NodeRegistry;
import io.caravan.store.SharedEvents;
import io.caravan.store.StoreUnavailable;
import io.caravan.store.WallClock;
import io.caravan.tenants.Tenant;
import io.caravan.tenants.TenantLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ExchangeProperty;

/**
 * Chooses the node of a meeting on create. A meeting that is already on a node that can serve it stays there (the
 * node then answers duplicateWarning itself); a new one, or one whose node went offline, goes to the least loaded
 * enabled node allowed by the tenant's clusters and the create's tags ({@link NodeSelection}), and that node's load
 * rises at once so that a burst of creates spreads.
 */
public final class Placement {

    /** Exchange property holding the {@link Node} a call goes to. */
    public static final String NODE = "node";

    private static final double TIE = 1e-9;

    private final NodeRegistry registry;
    private final MeetingDirectory directory;
    private final MeterRegistry meters;

    private final TenantLimits limits;

    public Placement(NodeRegistry registry, MeetingDirectory directory, MeterRegistry meters, TenantLimits limits,
            SharedEvents events) {
        this.registry = registry;
        this.directory = directory;
        this.meters = meters;
        this.limits = limits;
        // another instance's placement weighs on its node here too, until a poll that started after it shows it
        events.on(MeetingDirectory.PLACED, event -> registry.node(event.path("node").asText()).ifPresent(node ->
                registry.addPendingLoad(node.name(), registry.meetingLoad(node),
                        WallClock.nanosOf(event.path("at").asLong()))));
    }

    /** The node for a create of this meeting; a new meeting of a tenant must fit in the tenant's limit. */
    public Node placeMeeting(@ExchangeProperty("meetingID") String meetingId,
            @ExchangeProperty(Tenant.PROPERTY) Tenant tenant,
            @ExchangeProperty(ApiRequestReader.PROPERTY) ApiRequest request) {
        NodeSelection selection = NodeSelection.of(request, tenant);
        Object lock = limits.placementLock(tenant);
        if (lock == null) {
            return place(meetingId, tenant, selection);
        }
        synchronized (lock) {
            return place(meetingId, tenant, selection);
        }
    }

    private Node place(String meetingId, Tenant tenant, NodeSelection selection) {
        MeetingLocation location;
        try {
            location = directory.decide(meetingId, (id, current) -> {
                if (current != null && registry.canServe(current.node())) {
                    return current;
                }
                limits.admitNewMeeting(tenant, id);
                try {
                    return placeNew(null, selection);
                } catch (BbbError e) {
                    limits.abandonNewMeeting(tenant, id);
                    throw e;
                }
            });
        } catch (StoreUnavailable e) {
            throw BbbError.sharedStateUnavailable();
        }
        return registry.node(location.node()).orElseThrow(BbbError::noAvailableServers);
    }

    /**
     * The node for a create whose first node refused the connection: the request never reached it, so the meeting
     * can safely go elsewhere.
     */
    public Node placeAgain(@ExchangeProperty("meetingID") String meetingId, @ExchangeProperty(NODE) Node failed,
            @ExchangeProperty(Tenant.PROPERTY) Tenant tenant,
            @ExchangeProperty(ApiRequestReader.PROPERTY) ApiRequest request) {
        NodeSelection selection = NodeSelection.of(request, tenant);
        MeetingLocation location;
        try {
            location = directory.decide(meetingId, (id, current) ->
                    current == null || current.node().equals(failed.name()) ? placeNew(failed.name(), selection)
                            : current);
        } catch (StoreUnavailable e) {
            throw BbbError.sharedStateUnavailable();
        }
        return registry.node(location.node()).orElseThrow(BbbError::noAvailableServers);
    }

    private MeetingLocation placeNew(String excluded, NodeSelection selection) {
        Node chosen = leastLoaded(selection.candidates(registry.eligibleForNewMeetings().stream()
                .filter(n -> !n.name().equals(excluded))
                .toList()));
        long now = System.nanoTime();
        registry.addPendingLoad(chosen.name(), registry.meetingLoad(chosen), now);
        Counter.builder("caravan.placements").description("new meetings placed on a node").tag("node", chosen.name())
                .register(meters).increment();
        return new MeetingLocation(chosen.name(), now);
    }

    private Node leastLoaded(List<Node> candidates) {
        if (candidates.isEmpty()) {
            throw BbbError.noAvailableServers();
        }
        Node best = null;
        double bestLoad = Double.MAX_VALUE;
        int ties = 0;
        for (Node node : candidates) {
            double load = registry.load(node.name());
            if (best == null || load < bestLoad - TIE) {
                best = node;
                bestLoad = load;
                ties = 1;
            } else if (Math.abs(load - bestLoad) <= TIE && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                // equal loads: pick uniformly (reservoir sampling) so equal nodes share the work
                best = node;
            }
        }
        return best;
    }
}
