package io.caravan.maintenance;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.caravan.bbb.PolledMeeting;
import io.caravan.bbb.QueryParams;
import io.caravan.inventory.CordonNotice;
import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import io.caravan.nodecalls.NodeCall;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The chat messages of a cordon: after each poll of a cordoned node whose cordon has a message, one signed
 * sendChatMessage per running meeting of that poll, when the message was not posted yet or its repeat has passed
 * since. No new meeting lands on a cordoned node, so the meetings messaged again are the ones still running. A
 * meeting nobody has joined yet is not running and is left out: bbb-web refuses it (meetingNotFound).
 */
public final class MaintenanceNotices {

    /** When a node's notice was last posted, and which notice: a new one is posted at once. */
    private record Posted(CordonNotice notice, Instant at) {
    }

    private final NodeRegistry registry;
    private final MaintenanceLog log;
    private final long timeoutMillis;
    private final Clock clock;
    private final Map<String, Posted> posted = new ConcurrentHashMap<>();

    public MaintenanceNotices(NodeRegistry registry, MaintenanceLog log, long timeoutMillis, Clock clock) {
        this.registry = registry;
        this.log = log;
        this.timeoutMillis = timeoutMillis;
        this.clock = clock;
    }

    /**
     * The sendChatMessage calls due on the polled node now (none most of the time); sets the exchange property
     * {@code maintenanceRound} that counts their answers.
     */
    public List<NodeCall> dueCalls(Exchange exchange, @ExchangeProperty(ExchangeProperties.NODE) Node polled) {
        exchange.removeProperty(ExchangeProperties.MAINTENANCE_ROUND);
        Node node = registry.node(polled.name()).orElse(null);
        if (node == null || node.state() != NodeState.CORDONED || !node.cordon().hasMessage()) {
            posted.remove(polled.name());
            return List.of();
        }
        CordonNotice notice = node.cordon();
        Instant now = clock.instant();
        Posted last = posted.get(node.name());
        boolean due = last == null || !last.notice().equals(notice)
                || notice.repeat() != null && !now.isBefore(last.at().plus(notice.repeat()));
        if (!due) {
            return List.of();
        }
        List<PolledMeeting> running = registry.status(node.name()).map(s -> s.meetings()).orElse(List.of()).stream()
                .filter(PolledMeeting::running).toList();
        if (running.isEmpty()) {
            return List.of(); // posted once somebody is there to read it
        }
        posted.put(node.name(), new Posted(notice, now));
        exchange.setProperty(ExchangeProperties.MAINTENANCE_ROUND, new Round(node.name(), notice, running.size()));
        String message = "&message=" + QueryParams.encode(notice.message());
        return running.stream().map(m -> NodeCalls.signed(node, "sendChatMessage",
                "meetingID=" + QueryParams.encode(m.meetingId()) + message, "GET", null, null, timeoutMillis))
                .toList();
    }

    public void posted(@ExchangeProperty(ExchangeProperties.MAINTENANCE_ROUND) Round round) {
        round.posted.incrementAndGet();
    }

    public void failed(@ExchangeProperty(ExchangeProperties.MAINTENANCE_ROUND) Round round) {
        round.failed.incrementAndGet();
    }

    /** One line per round of messages, however many meetings it reached. */
    public void roundCompleted(@ExchangeProperty(ExchangeProperties.MAINTENANCE_ROUND) Round round) {
        if (round != null) {
            log.record(round.node, "notice-posted", "\"" + round.notice.message() + "\" in " + round.posted.get()
                    + " of " + round.meetings + " running meetings" + (round.failed.get() > 0
                    ? " (" + round.failed.get() + " refused or unanswered)" : ""), "poll");
        }
    }

    /** The answers of one round of messages, shared by its parallel calls. */
    public static final class Round {
        private final String node;
        private final CordonNotice notice;
        private final int meetings;
        private final AtomicInteger posted = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();

        Round(String node, CordonNotice notice, int meetings) {
            this.node = node;
            this.notice = notice;
            this.meetings = meetings;
        }
    }
}
