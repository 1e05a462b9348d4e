package io.caravan.ops;

import java.util.List;

import io.caravan.bbb.PolledMeeting;
import io.caravan.nodes.NodeRegistry;
import io.caravan.nodes.NodeStatus;

/**
 * Usage figures per node and in total, from the nodes' last getMeetings answers (no node is asked). A node's figures
 * are those of its last successful poll, so an offline node shows what it had when it was last heard from; the totals
 * are the sum of the nodes listed. The report has a {@code tenants} list, empty until tenants exist: tenancy will
 * add per-tenant figures there without changing the rest of the shape.
 */
public final class Statistics {

    private final NodeRegistry registry;

    public Statistics(NodeRegistry registry) {
        this.registry = registry;
    }

    public Report report() {
        List<NodeFigures> nodes = registry.statuses().stream().map(Statistics::figures).toList();
        Totals totals = new Totals(nodes.size(), (int) nodes.stream().filter(NodeFigures::online).count(),
                nodes.stream().mapToInt(NodeFigures::meetings).sum(),
                nodes.stream().mapToInt(NodeFigures::attendees).sum(),
                nodes.stream().mapToInt(NodeFigures::listeners).sum(),
                nodes.stream().mapToInt(NodeFigures::voice).sum(),
                nodes.stream().mapToInt(NodeFigures::video).sum(),
                nodes.stream().mapToDouble(NodeFigures::load).sum());
        return new Report(totals, nodes, List.of());
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

    /** @param tenants per-tenant figures; empty until the tenancy issue */
    public record Report(Totals totals, List<NodeFigures> nodes, List<Object> tenants) {
    }

    public record Totals(int nodes, int onlineNodes, int meetings, int attendees, int listeners, int voice, int video,
            double load) {
    }

    public record NodeFigures(String name, String state, boolean online, int meetings, int attendees, int listeners,
            int voice, int video, double load) {
    }
}
