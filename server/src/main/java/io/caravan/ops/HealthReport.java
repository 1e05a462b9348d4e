package io.caravan.ops;

import java.time.Instant;
import java.util.List;

import io.caravan.nodes.NodeRegistry;
import io.caravan.nodes.NodeStatus;
import io.caravan.store.Redis;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;

/**
 * Caravan's health for load balancers and Kubernetes probes, read from the node registry only: a probe must stay cheap
 * and must not fail because a node is slow. Caravan is ready once its API route runs and one poll cycle completed,
 * because before that it knows no node and would refuse every create. Nodes being down does not make Caravan unready:
 * taking it out of a load balancer would not bring them back, and it still answers (noAvailableServers).
 *
 * <p>With caravan.store=redis the report has the store's state. Redis away makes the status DEGRADED, not unready:
 * every instance shares that Redis, so unready would take all of them out of the proxy at once, while joins and calls
 * for known meetings still work; only creates are refused (sharedStateUnavailable).
 */
public final class HealthReport {

    /** The route whose consumer is the BBB API; ready means it listens. */
    static final String API_ROUTE = "bbb-api";

    private final NodeRegistry registry;
    private final Redaction redaction;
    private final Redis redis;

    /** @param redis the shared store, or null with caravan.store=caffeine */
    public HealthReport(NodeRegistry registry, Redaction redaction, Redis redis) {
        this.registry = registry;
        this.redaction = redaction;
        this.redis = redis;
    }

    /** GET /health: the body is the report, the status 200 when ready and 503 when not. */
    public Health health(Exchange exchange) {
        long cycles = registry.completedPollCycles();
        boolean ready = apiListens(exchange.getContext()) && cycles > 0;
        List<NodeHealth> nodes = registry.statuses().stream().map(this::nodeHealth).toList();
        int online = (int) nodes.stream().filter(NodeHealth::online).count();
        Store store = redis == null ? new Store("caffeine", true, null, null)
                : new Store("redis", redis.available(), redis.address(),
                        redis.available() ? null : redaction.apply(redis.lastError()));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, ready ? 200 : 503);
        String status = !ready ? "DOWN" : store.available() ? "UP" : "DEGRADED";
        return new Health(status, true, ready, cycles, store, nodes, online);
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

    public record Health(String status, boolean live, boolean ready, long pollCycles, Store store,
            List<NodeHealth> nodes, int onlineNodes) {
    }

    /** Where the shared state is: caffeine (this process) or redis, and whether it answers. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Store(String type, boolean available, String address, String lastError) {
    }

    public record NodeHealth(String name, String state, boolean online, String lastPollAt, String lastError) {
    }

    public record Live(boolean live) {
    }
}
