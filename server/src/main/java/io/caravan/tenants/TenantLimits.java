package io.caravan.tenants;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;

import io.caravan.bbb.BbbError;
import io.caravan.bbb.PolledMeeting;
import io.caravan.inventory.Node;
import io.caravan.inventory.Tenant;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import io.caravan.shared.SharedEvents;
import io.caravan.shared.StoreUnavailable;
import io.caravan.shared.WallClock;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * A tenant's limits, counted from what Caravan knows without asking the nodes: the meeting directory (the last polls
 * plus the placements made since) for meetings, the last polls plus the joins redirected since for attendees. Limits
 * refuse new meetings and joins only; meetings already running keep working.
 */
public final class TenantLimits {

    /** Event: another instance admitted a join into a tenant's meeting on a node. */
    public static final String JOINED = "join-admitted";

    private final MeetingDirectory directory;
    private final NodeRegistry registry;
    private final SharedTenantMeetings shared;
    private final SharedEvents events;
    private final ConcurrentMap<String, Object> placementLocks = new ConcurrentHashMap<>();
    /** Per tenant name: joins admitted since their node's last poll (also the lock serializing its joins). */
    private final ConcurrentMap<String, Queue<PendingJoin>> pendingJoins = new ConcurrentHashMap<>();

    /** One instance on its own. */
    public TenantLimits(MeetingDirectory directory, NodeRegistry registry) {
        this(directory, registry, null, SharedEvents.local());
    }

    /**
     * Limits over all instances (caravan.store=redis): meetings are admitted by Redis, exactly; joins are counted
     * from the polls plus the joins every instance announces, which can let a few concurrent joins on different
     * instances through at the very limit (the announcement takes a millisecond), never more than one per instance.
     */
    public TenantLimits(MeetingDirectory directory, NodeRegistry registry, SharedTenantMeetings shared,
            SharedEvents events) {
        this.directory = directory;
        this.registry = registry;
        this.shared = shared;
        this.events = events;
        events.on(JOINED, event -> pendingJoins.computeIfAbsent(event.path("tenant").asText(),
                name -> new ConcurrentLinkedQueue<>()).add(new PendingJoin(event.path("node").asText(),
                WallClock.nanosOf(event.path("at").asLong()))));
    }

    /**
     * Held around a tenant's placement so that concurrent creates cannot both take the last free meeting; null when
     * the tenant has no meeting limit (nothing to serialize).
     */
    public Object placementLock(Tenant tenant) {
        if (tenant == null || tenant.maxMeetings() <= 0) {
            return null;
        }
        return placementLocks.computeIfAbsent(tenant.name(), name -> new Object());
    }

    /**
     * Called, under {@link #placementLock}, before a new meeting of the tenant is placed; throws maxMeetingsReached up
     * to Placement's step, which records it as the create's refusal.
     */
    public void admitNewMeeting(Tenant tenant, String nodeMeetingId) {
        if (tenant == null || tenant.maxMeetings() <= 0) {
            return;
        }
        if (shared != null) {
            List<String> servable = registry.nodes().stream().map(Node::name).filter(registry::canServe).toList();
            if (!shared.admit(tenant, nodeMeetingId, servable)) {
                throw BbbError.maxMeetingsReached(tenant.maxMeetings());
            }
            return;
        }
        long meetings = directory.count((id, location) -> tenant.owns(id) && !id.equals(nodeMeetingId)
                && registry.canServe(location.node()));
        if (meetings >= tenant.maxMeetings()) {
            throw BbbError.maxMeetingsReached(tenant.maxMeetings());
        }
    }

    /** A meeting admitted by {@link #admitNewMeeting} could not be placed: it does not count. */
    public void abandonNewMeeting(Tenant tenant, String nodeMeetingId) {
        if (shared != null && tenant != null && tenant.maxMeetings() > 0) {
            try {
                shared.abandon(tenant, nodeMeetingId);
            } catch (StoreUnavailable e) {
                // it stops counting by itself a while (see store.RedisTenantMeetings)
            }
        }
    }

    /**
     * A join while the tenant's meetings already hold its maximum of attendees is refused. Attendees are those of the
     * last polls plus one per join admitted since: an admitted join counts until a poll of its node that started after
     * it completes, so a burst of joins between two polls cannot overrun the limit. Joins of one tenant are
     * serialized, so concurrent joins cannot both take the last place. The refusal, maxAttendeesReached, is recorded
     * in {@link ExchangeProperties#REFUSAL}.
     */
    public void admitJoin(Exchange exchange, @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant,
            @ExchangeProperty(ExchangeProperties.NODE) Node node) {
        if (tenant == null || tenant.maxAttendees() <= 0 || node == null) {
            return;
        }
        Queue<PendingJoin> pending = pendingJoins.computeIfAbsent(tenant.name(), name -> new ConcurrentLinkedQueue<>());
        long now;
        synchronized (pending) {
            pending.removeIf(join -> registry.polledSince(join.node(), join.atNanos()));
            int polled = registry.servableMeetings().stream()
                    .filter(meeting -> tenant.owns(meeting.meetingId()))
                    .mapToInt(PolledMeeting::attendees).sum();
            long since = pending.stream().filter(join -> registry.canServe(join.node())).count();
            if (polled + since >= tenant.maxAttendees()) {
                exchange.setProperty(ExchangeProperties.REFUSAL, BbbError.maxAttendeesReached(tenant.maxAttendees()));
                return;
            }
            now = System.nanoTime();
            pending.add(new PendingJoin(node.name(), now));
        }
        // outside the lock: the tenant's other joins need not wait for Redis
        events.publish(JOINED, Map.of("tenant", tenant.name(), "node", node.name(), "at", WallClock.millisOf(now)));
    }

    private record PendingJoin(String node, long atNanos) {
    }
}
