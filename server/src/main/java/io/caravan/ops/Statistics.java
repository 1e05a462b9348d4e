package io.caravan.ops;
import java.util.List;
import java.util.Optional;

import io.caravan.bbb.PolledMeeting;
import io.caravan.inventory.Tenant;
import io.caravan.inventory.Tenants;
import io.caravan.nodes.NodeRegistry;
import io.caravan.nodes.NodeStatus;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * Usage figures per node, per tenant and in total, from the nodes' last getMeetings answers (no node is asked). A
 * node's figures are those of its last successful poll, so an offline node shows what it had when it was last heard
 * from; the totals are the sum of the nodes listed. A tenant's figures are those of the polled meetings in its
 * namespace. A tenant reading with its own token gets only its own figures: no node, no other tenant.
 */
public final class Statistics {

    private final NodeRegistry registry;
    private final Tenants tenants;

    public Statistics(NodeRegistry registry, Tenants tenants) {
        this.registry = registry;
        this.tenants = tenants;
    }

    /** Everything, or with a tenant (its stats-token was presented) only that tenant's figures. */
    public Report report(@ExchangeProperty(ExchangeProperties.STATS_TENANT) Tenant tenant) {
        List<NodeStatus> statuses = registry.statuses();
        if (tenant != null) {
            TenantFigures own = tenantFigures(tenant, statuses);
            return new Report(new Totals(null, null, own.meetings(), own.attendees(), own.listeners(), own.voice(),
                    own.video(), null), List.of(), List.of(own));
        }
        List<NodeFigures> nodes = statuses.stream().map(Statistics::figures).toList();
        Totals totals = new Totals(nodes.size(), (int) nodes.stream().filter(NodeFigures::online).count(),
                nodes.stream().mapToInt(NodeFigures::meetings).sum(),
                nodes.stream().mapToInt(NodeFigures::attendees).sum(),
                nodes.stream().mapToInt(NodeFigures::listeners).sum(),
                nodes.stream().mapToInt(NodeFigures::voice).sum(),
                nodes.stream().mapToInt(NodeFigures::video).sum(),
                nodes.stream().mapToDouble(NodeFigures::load).sum());
        List<TenantFigures> perTenant = tenants.all().stream().map(t -> tenantFigures(t, statuses)).toList();
        return new Report(totals, nodes, perTenant);
    }

    /** The figures of a tenant declared now, for its gauges; empty once it is no longer declared. */
    public Optional<TenantFigures> tenant(String name) {
        return tenants.named(name).map(t -> tenantFigures(t, registry.statuses()));
    }

    private static TenantFigures tenantFigures(Tenant tenant, List<NodeStatus> statuses) {
        List<PolledMeeting> meetings = statuses.stream().flatMap(s -> s.meetings().stream())
                .filter(m -> tenant.owns(m.meetingId())).toList();
        return new TenantFigures(tenant.name(), meetings.size(),
                meetings.stream().mapToInt(PolledMeeting::attendees).sum(),
                meetings.stream().mapToInt(PolledMeeting::listeners).sum(),
                meetings.stream().mapToInt(PolledMeeting::voice).sum(),
                meetings.stream().mapToInt(PolledMeeting::video).sum());
    }

    private static NodeFigures figures(NodeStatus status) {
        List<PolledMeeting> meetings = status.meetings();
        return new NodeFigures(status.node().name(), status.node().state().configName(), status.online(),
                meetings.size(),
                meetings.stream().mapToInt(PolledMeeting::attendees).sum(),
                meetings.stream().mapToInt(PolledMeeting::listeners).sum(),
                meetings.stream().mapToInt(PolledMeeting::voice).sum(),
                meetings.stream().mapToInt(PolledMeeting::video).sum(),
                status.load());
    }

    public record Report(Totals totals, List<NodeFigures> nodes, List<TenantFigures> tenants) {
    }

    /** {@code nodes}, {@code onlineNodes} and {@code load} are null in a tenant's own report (nodes are not its). */
    public record Totals(Integer nodes, Integer onlineNodes, int meetings, int attendees, int listeners, int voice,
            int video, Double load) {
    }

    public record NodeFigures(String name, String state, boolean online, int meetings, int attendees, int listeners,
            int voice, int video, double load) {
    }

    public record TenantFigures(String name, int meetings, int attendees, int listeners, int voice, int video) {
    }
}
