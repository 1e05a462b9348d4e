package io.caravan.maintenance;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
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
 *
 * <p>Every instance polls every node, so a round is claimed first ({@link MaintenanceClaims}, key
 * {@code notice:<node>:<digest of the notice>}): the instance that gets the claim posts, for the fleet, and holds it for
 * the notice's repeat; the others wait until that claim ends. A changed notice has another digest, so it is posted at
 * once; the claim of a notice that ended or changed is given up, so the same notice cordoned again is posted at once
 * too.
 */
public final class MaintenanceNotices {

    /**
     * How long the claim of a notice without repeat is held: longer than a cordon lasts, since such a notice is posted
     * once per cordon. The claim is given up when the cordon ends or its notice changes, so this only matters to an
     * instance that starts meanwhile, which then finds the notice posted.
     */
    static final Duration ONCE = Duration.ofDays(1);

    /**
     * Which notice this instance last saw on a node, and when it is due again there (null: never, a notice without
     * repeat that was posted). A new notice is due at once.
     */
    private record Posted(CordonNotice notice, Instant nextDue, boolean held) {
    }

    private final NodeRegistry registry;
    private final MaintenanceLog log;
    private final MaintenanceClaims claims;
    private final long timeoutMillis;
    private final Clock clock;
    private final Map<String, Posted> posted = new ConcurrentHashMap<>();

    public MaintenanceNotices(NodeRegistry registry, MaintenanceLog log, MaintenanceClaims claims, long timeoutMillis,
            Clock clock) {
        this.registry = registry;
        this.log = log;
        this.claims = claims;
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
        boolean noticed = node != null && node.state() == NodeState.CORDONED && node.cordon().hasMessage();
        Posted last = posted.get(polled.name());
        if (last != null && (!noticed || !last.notice().equals(node.cordon()))) {
            posted.remove(polled.name());
            // only the instance that holds the round gives it up: another instance's passing view of the node (an
            // admin change not applied there yet) must not end the claim of the one posting, or both would post
            if (last.held()) {
                claims.release(claimKey(polled.name(), last.notice()));
            }
            last = null;
        }
        if (!noticed) {
            return List.of();
        }
        CordonNotice notice = node.cordon();
        Instant now = clock.instant();
        if (last != null && (last.nextDue() == null || now.isBefore(last.nextDue()))) {
            return List.of();
        }
        List<PolledMeeting> running = registry.status(node.name()).map(s -> s.meetings()).orElse(List.of()).stream()
                .filter(PolledMeeting::running).toList();
        if (running.isEmpty()) {
            return List.of(); // posted once somebody is there to read it
        }
        MaintenanceClaims.Claim claim = claims.claim(claimKey(node.name(), notice),
                notice.repeat() == null ? ONCE : notice.repeat());
        if (!claim.granted()) {
            // another instance posts this round: due here again when its claim ends
            posted.put(node.name(), new Posted(notice, notice.repeat() == null ? null : now.plus(claim.left()), false));
            return List.of();
        }
        posted.put(node.name(), new Posted(notice, notice.repeat() == null ? null : now.plus(notice.repeat()), true));
        exchange.setProperty(ExchangeProperties.MAINTENANCE_ROUND, new Round(node.name(), notice, running.size()));
        String message = "&message=" + QueryParams.encode(notice.message());
        return running.stream().map(m -> NodeCalls.signed(node, "sendChatMessage",
                "meetingID=" + QueryParams.encode(m.meetingId()) + message, "GET", null, null, timeoutMillis))
                .toList();
    }

    /**
     * The claim of a node's notice: the same on every instance, another one for another notice (message, repeat or
     * disable-when-empty, the fields that make a notice new).
     */
    static String claimKey(String node, CordonNotice notice) {
        String content = notice.message() + "\n" + notice.repeatText() + "\n" + notice.disableWhenEmpty();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "notice:" + node + ":" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
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
