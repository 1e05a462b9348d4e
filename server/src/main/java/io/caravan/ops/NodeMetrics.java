package io.caravan.ops;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.caravan.inventory.Node;
import io.caravan.nodes.InFlightLimit;
import io.caravan.nodes.NodeRegistry;
import io.caravan.nodes.NodeStatus;
import io.caravan.polling.NodePoller;
import io.caravan.recordings.RecordingIndex;
import io.caravan.routes.ExchangeProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.ExchangeProperty;

/**
 * Per-node metrics: how long polls take and how often they fail (called by the poll route), and gauges of each node's
 * load, meetings, attendees, online state and indexed recordings, read when scraped. Node names come from the
 * inventory, so the number of series is bounded by it. A node's poll meters are registered on its first poll (its
 * failure counter on its first failure) and kept: with 1,000 nodes a poll costs a hash lookup, not a registry lookup.
 */
public final class NodeMetrics {

    private final NodeRegistry registry;
    private final RecordingIndex recordings;
    private final MeterRegistry meters;
    private final InFlightLimit inFlight;
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, Timer> pollDurations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> pollFailures = new ConcurrentHashMap<>();

    public NodeMetrics(NodeRegistry registry, RecordingIndex recordings, MeterRegistry meters, InFlightLimit inFlight) {
        this.registry = registry;
        this.recordings = recordings;
        this.meters = meters;
        this.inFlight = inFlight;
        FunctionCounter.builder("caravan.poll.cycles", registry, NodeRegistry::completedPollCycles)
                .description("completed poll cycles over all nodes").register(meters);
        // 0 means a create would be refused noAvailableServers now, before any client has tried one
        Gauge.builder("caravan.nodes.eligible", registry, r -> r.eligibleForNewMeetings().size())
                .description("nodes that may take a new meeting: enabled, online and not suspect").register(meters);
        registry.nodes().forEach(node -> gauge(node.name()));
    }

    public void pollSucceeded(@ExchangeProperty(ExchangeProperties.NODE) Node node,
            @ExchangeProperty(ExchangeProperties.POLL_STARTED) Long startedNanos) {
        pollDuration(node.name(), startedNanos);
    }

    public void pollFailed(@ExchangeProperty(ExchangeProperties.NODE) Node node,
            @ExchangeProperty(ExchangeProperties.POLL_STARTED) Long startedNanos) {
        pollDuration(node.name(), startedNanos);
        Counter failures = pollFailures.get(node.name());
        if (failures == null) {
            failures = pollFailures.computeIfAbsent(node.name(), name -> Counter.builder("caravan.poll.failures")
                    .description("failed getMeetings polls of a node").tag("node", name).register(meters));
        }
        failures.increment();
    }

    private void pollDuration(String name, Long startedNanos) {
        Timer duration = pollDurations.get(name);
        if (duration == null) {
            gauge(name); // nodes added to the inventory later get their gauges on their first poll
            duration = pollDurations.computeIfAbsent(name, node -> Timer.builder("caravan.poll.duration")
                    .description("duration of a node's getMeetings poll").tag("node", node).register(meters));
        }
        if (startedNanos != null) {
            duration.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void gauge(String name) {
        if (!gauged.add(name)) {
            return;
        }
        nodeGauge("caravan.node.load", name, "placement load of the node", NodeStatus::load);
        nodeGauge("caravan.node.meetings", name, "meetings on the node at its last poll", s -> s.meetings().size());
        nodeGauge("caravan.node.attendees", name, "attendees on the node at its last poll", NodeStatus::attendees);
        nodeGauge("caravan.node.online", name, "1 when the node is online, 0 when not", s -> s.online() ? 1 : 0);
        nodeGauge("caravan.node.recordings", name, "recordings of the node in the recordings index",
                s -> recordings.countOn(name));
        nodeGauge("caravan.node.suspect", name, "1 while passive health doubts the node (no new meetings)",
                s -> s.suspect() ? 1 : 0);
        nodeGauge("caravan.node.latency", name, "average latency of the node's calls in seconds, as placement weighs it",
                NodeStatus::latency);
        nodeGauge("caravan.node.in.flight", name, "API calls now waiting on the node",
                s -> inFlight.inFlight(name));
    }

    private void nodeGauge(String metric, String name, String description, ToDoubleFunction<NodeStatus> value) {
        // a node removed from the inventory reads NaN, which Prometheus treats as absent
        Gauge.builder(metric, registry, r -> r.status(name).map(value::applyAsDouble).orElse(Double.NaN))
                .description(description).tag("node", name).register(meters);
    }
}
