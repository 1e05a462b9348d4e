package io.caravan.placement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.inventory.Node;
import io.caravan.inventory.Tenant;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.meetings.MeetingLocation;
import io.caravan.nodecalls.NodeSaturated;
import io.caravan.nodes.InFlightLimit;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import io.caravan.shared.SharedEvents;
import io.caravan.shared.StoreUnavailable;
import io.caravan.shared.WallClock;
import io.caravan.tenants.TenantLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Chooses the node of a meeting on create. A meeting that is already on a node that can serve it stays there (the
 * node then answers duplicateWarning itself); a new one, or one whose node went offline or is suspect, goes to the
 * cheapest node allowed by the tenant's clusters and the create's tags ({@link NodeSelection}) that has room for
 * another call, and that node's load rises at once so that a burst of creates spreads.
 * <p>
 * A node's cost is its B3LB load plus, in units of one meeting's load: one per API call now waiting on it (least
 * outstanding requests) and caravan.placement.latency-weight per second of its average call latency. A healthy node
 * answers in milliseconds, so this moves nothing between healthy nodes; a node that answers slowly or not at all
 * piles up calls and latency and stops getting new meetings long before polls would notice.
 * <p>
 * A new meeting that says how many attendees it expects ({@link MeetingSize}) also reserves their seats on its node,
 * weighed as attendees, for caravan.placement.reservation-cooldown or until polls see them arrive: one large lecture
 * then keeps the meetings created in the next minutes off its node. A breakout room reserves nothing: its attendees
 * come from its parent, on the same node.
 */
public final class Placement {

    /** Event: another instance placed a meeting that expects attendees and reserved their seats on its node. */
    public static final String SEATS_RESERVED = "seats-reserved";

    private static final double TIE = 1e-9;

    private final NodeRegistry registry;
    private final MeetingDirectory directory;
    private final TenantLimits limits;
    private final InFlightLimit inFlight;
    private final double latencyWeight;
    private final long stallNanos;
    private final MeterRegistry meters;
    private final SharedEvents events;
    private final long cooldownNanos;
    private final Map<String, Counter> placements = new ConcurrentHashMap<>();

    public Placement(NodeRegistry registry, MeetingDirectory directory, MeterRegistry meters, TenantLimits limits,
            SharedEvents events, InFlightLimit inFlight, double latencyWeight, long stallMillis,
            long reservationCooldownMillis) {
        this.registry = registry;
        this.directory = directory;
        this.meters = meters;
        this.limits = limits;
        this.events = events;
        this.inFlight = inFlight;
        this.latencyWeight = latencyWeight;
        this.stallNanos = stallMillis * 1_000_000;
        this.cooldownNanos = reservationCooldownMillis * 1_000_000;
        // another instance's placement weighs on its node here too, until a poll that started after it shows it
        events.on(MeetingDirectory.PLACED, event -> registry.node(event.path("node").asText()).ifPresent(node ->
                registry.addPendingLoad(node.name(), registry.meetingLoad(node),
                        WallClock.nanosOf(event.path("at").asLong()))));
        // and the seats it reserved there; every instance polls every node, so each sees them fade by itself
        events.on(SEATS_RESERVED, event -> registry.reserveSeats(event.path("node").asText(),
                event.path("meeting").asText(), event.path("seats").asInt(),
                WallClock.nanosOf(event.path("at").asLong()), cooldownNanos));
    }

    /**
     * The node for a create of this meeting; a new meeting of a tenant must fit in the tenant's limit. A create that
     * cannot be placed (no node, the tenant's limit, a breakout without parent, no shared state) gets null, its
     * refusal recorded in {@link ExchangeProperties#REFUSAL}.
     */
    public Node placeMeeting(Exchange exchange, @ExchangeProperty(ExchangeProperties.MEETING_ID) String meetingId,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant,
            @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request) {
        try {
            Object lock = limits.placementLock(tenant);
            if (lock == null) {
                return decidePlacement(exchange, meetingId, tenant, request);
            }
            // the tenant's meeting limit is checked and taken under this lock, breakout rooms included
            synchronized (lock) {
                return decidePlacement(exchange, meetingId, tenant, request);
            }
        } catch (BbbError refusal) {
            return refused(exchange, refusal);
        }
    }

    private static Node refused(Exchange exchange, BbbError refusal) {
        exchange.setProperty(ExchangeProperties.REFUSAL, refusal);
        return null;
    }

    private Node decidePlacement(Exchange exchange, String meetingId, Tenant tenant, ApiRequest request) {
        if (Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.BREAKOUT_ROOM, Boolean.class))) {
            return placeBreakout(exchange, meetingId, tenant,
                    exchange.getProperty(ExchangeProperties.PARENT_NODE, Node.class));
        }
        return place(exchange, meetingId, tenant, NodeSelection.of(request, tenant), MeetingSize.of(request));
    }

    /**
     * A breakout room goes where its parent is (BreakoutRooms), whatever that node's load: bbb-web cannot create it
     * anywhere else. A parent nobody has is bbb-web's own refusal of such a breakout.
     */
    private Node placeBreakout(Exchange exchange, String meetingId, Tenant tenant, Node parent) {
        if (parent == null) {
            throw new BbbError("parentMeetingDoesNotExist", "No parent meeting exists for the breakout room");
        }
        try {
            directory.decide(meetingId, (id, current) -> {
                if (current != null && current.node().equals(parent.name())) {
                    return current;
                }
                limits.admitNewMeeting(tenant, id);
                exchange.setProperty(ExchangeProperties.CREATE_PLACED_NEW, true);
                long now = System.nanoTime();
                registry.addPendingLoad(parent.name(), registry.meetingLoad(parent), now);
                return new MeetingLocation(parent.name(), now);
            });
        } catch (StoreUnavailable e) {
            throw BbbError.sharedStateUnavailable();
        }
        return parent;
    }

    private Node place(Exchange exchange, String meetingId, Tenant tenant, NodeSelection selection, MeetingSize size) {
        MeetingLocation[] placed = new MeetingLocation[1];
        MeetingLocation location;
        try {
            location = directory.decide(meetingId, (id, current) -> {
                if (current != null && keeps(current.node())) {
                    return current;
                }
                limits.admitNewMeeting(tenant, id);
                try {
                    exchange.setProperty(ExchangeProperties.CREATE_PLACED_NEW, true);
                    placed[0] = placeNew(id, Set.of(), selection, size, placed[0]);
                    return placed[0];
                } catch (BbbError e) {
                    limits.abandonNewMeeting(tenant, id);
                    throw e;
                }
            });
        } catch (StoreUnavailable e) {
            releaseSeats(meetingId, placed[0]);
            throw BbbError.sharedStateUnavailable();
        }
        settleSeats(meetingId, size, placed[0], location);
        return registry.node(location.node()).orElseThrow(BbbError::noAvailableServers);
    }

    /**
     * The seats placeNew reserved stay when its location is the meeting's (and the other instances hear of them);
     * when another instance placed the meeting first they are released.
     */
    private void settleSeats(String meetingId, MeetingSize size, MeetingLocation placed, MeetingLocation location) {
        if (placed == null || size.seats() == 0) {
            return;
        }
        if (placed != location) {
            releaseSeats(meetingId, placed);
            return;
        }
        events.publish(SEATS_RESERVED, Map.of("meeting", meetingId, "node", placed.node(), "seats", size.seats(),
                "at", WallClock.millisOf(placed.placedAtNanos())));
    }

    private void releaseSeats(String meetingId, MeetingLocation placed) {
        if (placed != null) {
            registry.releaseSeats(placed.node(), meetingId);
        }
    }

    /**
     * The node for a create whose node refused it before the request reached it: the connection was refused or timed
     * out, or the node had no room for another call ({@link NodeSaturated}). The meeting goes to the next cheapest
     * node that has not refused it yet; a meeting already running on a node with no room stays there (moving it would
     * split it), and its create is refused. A refused create gets null, its refusal recorded in
     * {@link ExchangeProperties#REFUSAL}.
     */
    public Node placeElsewhere(Exchange exchange, @ExchangeProperty(ExchangeProperties.MEETING_ID) String meetingId,
            @ExchangeProperty(ExchangeProperties.NODE) Node refusing, @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant,
            @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable refusal) {
        try {
            return elsewhere(exchange, meetingId, refusing, tenant, request, refusal);
        } catch (BbbError createRefused) {
            return refused(exchange, createRefused);
        }
    }

    private Node elsewhere(Exchange exchange, String meetingId, Node refusing, Tenant tenant, ApiRequest request,
            Throwable refusal) {
        if (Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.BREAKOUT_ROOM, Boolean.class))) {
            throw BbbError.nodeUnreachable(); // a breakout room has no other node to go to
        }
        if (refusal instanceof NodeSaturated saturated && exchange.getProperty(ExchangeProperties.CREATE_PLACED_NEW) == null) {
            throw saturated;
        }
        @SuppressWarnings("unchecked")
        Set<String> refusedBy = exchange.getProperty(ExchangeProperties.CREATE_REFUSED_BY, Set.class);
        if (refusedBy == null) {
            refusedBy = new HashSet<>();
            exchange.setProperty(ExchangeProperties.CREATE_REFUSED_BY, refusedBy);
        }
        refusedBy.add(refusing.name());
        Set<String> excluded = Set.copyOf(refusedBy);
        NodeSelection selection = NodeSelection.of(request, tenant);
        MeetingSize size = MeetingSize.of(request);
        // the refusing node never got the create: the seats reserved there are not needed
        registry.releaseSeats(refusing.name(), meetingId);
        MeetingLocation[] placed = new MeetingLocation[1];
        MeetingLocation location;
        try {
            location = directory.decide(meetingId, (id, current) -> {
                if (current != null && !current.node().equals(refusing.name())) {
                    return current;
                }
                exchange.setProperty(ExchangeProperties.CREATE_PLACED_NEW, true);
                placed[0] = placeNew(id, excluded, selection, size, placed[0]);
                return placed[0];
            });
        } catch (StoreUnavailable e) {
            releaseSeats(meetingId, placed[0]);
            throw BbbError.sharedStateUnavailable();
        }
        settleSeats(meetingId, size, placed[0], location);
        return registry.node(location.node()).orElseThrow(BbbError::noAvailableServers);
    }

    /** Whether a running meeting's create stays on its node: it can serve it and passive health does not doubt it. */
    private boolean keeps(String node) {
        return registry.canServe(node) && !registry.suspect(node) && !stalled(node);
    }

    /**
     * Whether the node has had calls waiting for caravan.health.stall-after without answering any of them: a node
     * that just hung, seen long before its first call times out. It gets no new meeting until it answers again.
     */
    boolean stalled(String node) {
        long since = Math.max(inFlight.busySince(node), registry.lastAnswerNanos(node));
        return since != Long.MAX_VALUE && System.nanoTime() - since > stallNanos;
    }

    /**
     * A new node for the meeting, whose load rises at once by one meeting and by the seats it expects. A second
     * round of a shared decision (see MeetingDirectory) first releases the seats the first round reserved.
     */
    private MeetingLocation placeNew(String meetingId, Set<String> excluded, NodeSelection selection, MeetingSize size,
            MeetingLocation earlierRound) {
        releaseSeats(meetingId, earlierRound);
        List<Node> candidates = selection.candidates(registry.eligibleForNewMeetings().stream()
                .filter(n -> !excluded.contains(n.name()) && !stalled(n.name()))
                .toList());
        if (candidates.isEmpty()) {
            throw BbbError.noAvailableServers();
        }
        Node chosen = cheapest(candidates.stream().filter(n -> inFlight.hasRoom(n.name())).toList());
        long now = System.nanoTime();
        registry.addPendingLoad(chosen.name(), registry.meetingLoad(chosen), now);
        registry.reserveSeats(chosen.name(), meetingId, size.seats(), now, cooldownNanos);
        placements.computeIfAbsent(chosen.name(), name -> Counter.builder("caravan.placements")
                .description("new meetings placed on a node").tag("node", name).register(meters)).increment();
        return new MeetingLocation(chosen.name(), now);
    }

    private Node cheapest(List<Node> withRoom) {
        if (withRoom.isEmpty()) {
            throw BbbError.allNodesBusy();
        }
        Node best = null;
        double bestCost = Double.MAX_VALUE;
        int ties = 0;
        for (Node node : withRoom) {
            double cost = cost(node);
            if (best == null || cost < bestCost - TIE) {
                best = node;
                bestCost = cost;
                ties = 1;
            } else if (Math.abs(cost - bestCost) <= TIE && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                // equal costs: pick uniformly (reservoir sampling) so equal nodes share the work
                best = node;
            }
        }
        return best;
    }

    /** The B3LB load, plus calls waiting and average latency in units of one meeting's load on this node. */
    double cost(Node node) {
        String name = node.name();
        return registry.load(name) + registry.meetingLoad(node)
                * (inFlight.inFlight(name) + latencyWeight * registry.latencySeconds(name));
    }
}
