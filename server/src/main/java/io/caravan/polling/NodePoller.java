package io.caravan.polling;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.caravan.bbb.NodeAnswers;
import io.caravan.bbb.PolledMeeting;
import io.caravan.inventory.Node;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.nodecalls.NodeCall;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the poll route: what to ask each node, and what its answer means for its health, its load and the
 * meeting directory. A garbage, non-XML or FAILED answer counts as a failure just like no answer.
 */
public final class NodePoller {


    private static final Logger LOG = LoggerFactory.getLogger(NodePoller.class);

    private final NodeRegistry registry;
    private final MeetingDirectory directory;
    private final long timeoutMillis;
    private final Set<String> polling = ConcurrentHashMap.newKeySet();

    private final long refreshTimeoutMillis;

    public NodePoller(NodeRegistry registry, MeetingDirectory directory, long timeoutMillis,
            long refreshTimeoutMillis) {
        this.registry = registry;
        this.directory = directory;
        this.timeoutMillis = timeoutMillis;
        this.refreshTimeoutMillis = refreshTimeoutMillis;
    }

    public List<Node> nodesToPoll() {
        return registry.nodesToPoll();
    }

    /**
     * Whether this node's poll may start now: false while another poll of it runs (the cycle and an immediate poll
     * asked for by passive health or a new node would otherwise overlap on one node).
     */
    public boolean startPoll(@Body Node node) {
        return polling.add(node.name());
    }

    public void endPoll(@ExchangeProperty(ExchangeProperties.NODE) Node node) {
        polling.remove(node.name());
    }

    public NodeCall meetingsCall(Exchange exchange, @Body Node node) {
        exchange.setProperty(ExchangeProperties.POLL_STARTED, System.nanoTime());
        return NodeCalls.signed(node, "getMeetings", "", "GET", null, null, timeoutMillis);
    }

    /**
     * getMeetings for a client's getMeetings that must see Caravan's own changes to the node: bounded by the lookup
     * timeout, since a client waits for it.
     */
    public NodeCall refreshCall(Exchange exchange, @Body Node node) {
        exchange.setProperty(ExchangeProperties.POLL_STARTED, System.nanoTime());
        return NodeCalls.signed(node, "getMeetings", "", "GET", null, null, refreshTimeoutMillis);
    }

    /** The refresh got no usable answer: getMeetings answers from the last poll; health is the polls' business. */
    public void refreshFailed(@ExchangeProperty(ExchangeProperties.NODE) Node node,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        LOG.debug("refresh of node {} failed: {}", node.name(), NodeCalls.describe(failure));
    }

    public NodeCall loadCall(@Body Node node) {
        return new NodeCall(node.name(), "load", "GET", node.loadUrl(), null, null, timeoutMillis);
    }

    public void recordMeetings(@ExchangeProperty(ExchangeProperties.NODE) Node node, @ExchangeProperty(ExchangeProperties.POLL_STARTED) long startedNanos,
            @Body byte[] answer) {
        List<PolledMeeting> meetings = NodeAnswers.meetings(answer);
        boolean wasOnline = registry.canServe(node.name());
        boolean newest = registry.recordPoll(node.name(), meetings, startedNanos, Instant.now());
        if (!wasOnline && registry.canServe(node.name())) {
            LOG.info("node {} is online: {} meetings", node.name(), meetings.size());
        }
        if (newest) {
            directory.syncNode(node.name(), meetings.stream().map(PolledMeeting::meetingId).toList(), startedNanos);
        }
    }

    /** The node's API root, which answers its version without a checksum. */
    public NodeCall versionCall(@Body Node node) {
        return new NodeCall(node.name(), "version", "GET", node.apiUrl(), null, null, timeoutMillis);
    }

    public boolean needsVersion(@ExchangeProperty(ExchangeProperties.NODE) Node node) {
        return registry.canServe(node.name()) && registry.needsVersion(node.name());
    }

    public void recordVersion(@ExchangeProperty(ExchangeProperties.NODE) Node node, @Body byte[] answer) {
        registry.recordVersion(node.name(), NodeAnswers.bbbVersion(answer));
    }

    public void recordCpu(@ExchangeProperty(ExchangeProperties.NODE) Node node, @Body byte[] answer) {
        registry.recordCpu(node.name(), NodeAnswers.cpuLoad(answer));
    }

    public void recordFailure(@ExchangeProperty(ExchangeProperties.NODE) Node node,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        boolean wasOnline = registry.canServe(node.name());
        String reason = NodeCalls.describe(failure);
        registry.recordFailure(node.name(), reason, Instant.now());
        if (wasOnline && !registry.canServe(node.name())) {
            LOG.warn("node {} is offline: {}", node.name(), reason);
        } else {
            LOG.debug("poll of node {} failed: {}", node.name(), reason);
        }
    }

    public void recordLoadFailure(@ExchangeProperty(ExchangeProperties.NODE) Node node,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        LOG.debug("load of node {} unavailable: {}", node.name(), NodeCalls.describe(failure));
    }

    public void cycleCompleted() {
        registry.pollCycleCompleted();
    }
}
