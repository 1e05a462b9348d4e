package io.caravan.ops;

import java.time.Instant;
import java.util.List;

import io.caravan.nodes.NodeRegistry;
import io.caravan.nodes.NodeStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;

/**
 * Caravan's health for load balancers and Kubernetes probes, read from the node registry only: a probe must stay cheap
 * and must not fail because a node is slow. Caravan is ready once its API route runs and one poll cycle completed,
 * because before that it knows no node and would refuse every create. Nodes being down does not make Caravan unready:
 * taking it out of a load balancer would not bring them back, and it still answers (noAvailableServers).
 */
public final class HealthReport {

    /** The route whose consumer is the BBB API; ready means it listens. */
    static final String API_ROUTE = "bbb-api";

    private final NodeRegistry registry;
    private final Redaction redaction;

    public HealthReport(NodeRegistry registry, Redaction redaction) {
        this.registry = registry;
        this.redaction = redaction;
    }

    /** GET /health: the body is the report, the status 200 when ready and 503 when not. */
    public Health health(Exchange exchange) {
        long cycles = registry.completedPollCycles();
        boolean ready = apiListens(exchange.getContext()) && cycles > 0;
        List<NodeHealth> nodes = registry.statuses().stream().map(this::nodeHealth).toList();
        int online = (int) nodes.stream().filter(NodeHealth::online).count();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, ready ? 200 : 503);
        return new Health(ready ? "UP" : "DOWN", true, ready, cycles, nodes, online);
    }

    /** GET /health/live: the process answers HTTP, nothing more (a liveness probe must not depend on nodes). */
    public Live live() {
        return new Live(true);
    }

    private static boolean apiListens(CamelContext context) {
        ServiceStatus status = context.getRouteController().getRouteStatus(API_ROUTE);
        return status != null && status.isStarted();
    }

    private NodeHealth nodeHealth(NodeStatus status) {
        Instant lastPollAt = status.lastPollAt();
        return new NodeHealth(status.node().name(), status.node().state().configName(), status.online(),
                lastPollAt == null ? null : lastPollAt.toString(), redaction.apply(status.lastError()));
    }

    public record Health(String status, boolean live, boolean ready, long pollCycles, List<NodeHealth> nodes,
            int onlineNodes) {
    }

    public record NodeHealth(String name, String state, boolean online, String lastPollAt, String lastError) {
    }

    public record Live(boolean live) {
    }
}
