package io.caravan.wiring;

import io.caravan.config.Settings;
import io.caravan.http.RouteSender;
import io.caravan.inventory.Tenants;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.meetings.MeetingLookup;
import io.caravan.meetings.MeetingSearch;
import io.caravan.meetings.UserSessions;
import io.caravan.nodecalls.NodeClient;
import io.caravan.nodes.InFlightLimit;
import io.caravan.nodes.NodeRegistry;
import io.caravan.placement.BreakoutRooms;
import io.caravan.placement.Placement;
import io.caravan.store.RedisAssignments;
import io.caravan.store.RedisTenantMeetings;
import io.caravan.tenants.RequestRules;
import io.caravan.tenants.TenantLimits;
import io.caravan.tenants.TenantMeetings;
import io.caravan.tenants.TenantSelector;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Placement, meetings and tenants: which node a meeting is on (shared in Redis), the choice of a node for a new one,
 * finding a meeting or user no one told this instance about, and the tenants with their namespaces, rules and limits.
 */
public class MeetingsConfiguration implements CamelConfiguration {

    /** Lazy: the tenant selector here, the API gate, callbacks, admin and ops take it. */
    @BindToRegistry(lazy = true)
    public Tenants tenants(NodeRegistry registry) {
        return new Tenants(() -> registry.inventory().tenants());
    }

    /** Lazy: the tenant limits, placement and lookup below take it. */
    @BindToRegistry(lazy = true)
    public MeetingDirectory meetingDirectory(Settings settings, SharedStore store, NodeRegistry registry) {
        MeetingDirectory directory = new MeetingDirectory(settings.maxMeetings(),
                store.redis().map(RedisAssignments::new).orElse(null), store.events());
        // another instance's creates and ends make this instance's getMeetings ask those nodes again too
        directory.onChangesElsewhere((meeting, node) -> registry.changed(node, System.nanoTime()), (meeting, node) -> {
            registry.endedMeeting(node, meeting);
            registry.changed(node, System.nanoTime());
        });
        return directory;
    }

    /** Lazy: placement below takes it. */
    @BindToRegistry(lazy = true)
    public TenantLimits tenantLimits(MeetingDirectory directory, NodeRegistry registry, SharedStore store) {
        return new TenantLimits(directory, registry, store.redis().map(RedisTenantMeetings::new).orElse(null),
                store.events());
    }

    @BindToRegistry
    public TenantSelector tenantSelector(Tenants tenants) {
        return new TenantSelector(tenants);
    }

    @BindToRegistry
    public TenantMeetings tenantMeetings() {
        return new TenantMeetings();
    }

    @BindToRegistry
    public RequestRules requestRules(NodeRegistry registry) {
        return new RequestRules(() -> registry.inventory().parameters());
    }

    @BindToRegistry
    public BreakoutRooms breakoutRooms() {
        return new BreakoutRooms();
    }

    @BindToRegistry
    public Placement placement(Settings settings, NodeRegistry registry, MeetingDirectory directory,
            PrometheusMeterRegistry meters, TenantLimits tenantLimits, SharedStore store, InFlightLimit inFlight) {
        return new Placement(registry, directory, meters, tenantLimits, store.events(), inFlight,
                settings.latencyWeight(), settings.stallAfterMillis(),
                settings.reservationCooldownMillis());
    }

    @BindToRegistry
    public MeetingLookup meetingLookup(MeetingDirectory directory, NodeRegistry registry) {
        return new MeetingLookup(directory, registry);
    }

    @BindToRegistry
    public UserSessions userSessions(Settings settings, NodeRegistry registry) {
        return new UserSessions(registry, settings.lookupTimeoutMillis());
    }

    /** Asks the nodes through its route; its deadline runs on the node client's Vert.x timer. */
    @BindToRegistry
    public MeetingSearch meetingSearch(Settings settings, NodeRegistry registry, NodeClient nodeClient,
            CamelContext context) {
        return new MeetingSearch(new RouteSender(context, MeetingSearch.ASK_ROUTE), registry,
                settings.lookupTimeoutMillis(),
                (millis, task) -> nodeClient.vertx().setTimer(millis, id -> task.run()));
    }
}
