package io.caravan.placement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.inventory.Cluster;
import io.caravan.inventory.Inventory;
import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import io.caravan.inventory.ParameterRules;
import io.caravan.inventory.Tenant;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.nodecalls.NodeSaturated;
import io.caravan.nodes.InFlightLimit;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import io.caravan.shared.SharedEvents;
import io.caravan.tenants.TenantLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Breakout rooms: which creates are breakouts, and that Placement puts one on its parent's node (the only node
 * bbb-web accepts it on) and nowhere else.
 */
class BreakoutRoomsTest {

    private final BreakoutRooms breakouts = new BreakoutRooms();
    // an exchange only needs a context to belong to: one, never built or started, is cheaper than the tests
    private static final CamelContext CAMEL = new DefaultCamelContext(false);
    private final NodeRegistry registry = new NodeRegistry(new Inventory(List.of(node("parent", "vr"),
            node("idle")), Map.of()), 1, 1, 1);
    private final MeetingDirectory directory = new MeetingDirectory(1000);
    private final TenantLimits limits = new TenantLimits(directory, registry);
    private final Placement placement = new Placement(registry, directory, new SimpleMeterRegistry(), limits,
            SharedEvents.local(), new InFlightLimit(2), 10, 10_000, 900_000);

    BreakoutRoomsTest() {
        registry.recordPoll("parent", List.of(), System.nanoTime(), Instant.now());
        registry.recordPoll("idle", List.of(), System.nanoTime(), Instant.now());
    }

    @AfterAll
    static void close() throws Exception {
        CAMEL.close();
    }

    private static Node node(String name, String... tags) {
        return new Node(name, "http://" + name + "/bigbluebutton/api", "secret", Cluster.DEFAULT, NodeState.ENABLED,
                List.of(tags), 1, ChecksumAlgorithm.SHA256, null);
    }

    private static ApiRequest create(String... params) {
        Map<String, List<String>> decoded = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            decoded.put(params[i], List.of(params[i + 1]));
        }
        return new ApiRequest("create", "GET", "", decoded, null, null);
    }

    private static final ApiRequest BREAKOUT = create("meetingID", "room-1", "isBreakout", "true",
            "parentMeetingID", "parent-internal-id");

    /** The exchange as the route leaves it once it has looked for the parent. */
    /** The refusal Placement recorded for the route to answer; fails when there is none. */
    private static BbbError refusalOf(Exchange exchange) {
        BbbError refusal = exchange.getProperty(ExchangeProperties.REFUSAL, BbbError.class);
        assertNotNull(refusal, "no refusal recorded");
        return refusal;
    }

    private Exchange breakoutExchange(Node parentNode) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(ExchangeProperties.BREAKOUT_ROOM, true);
        if (parentNode != null) {
            exchange.setProperty(ExchangeProperties.PARENT_NODE, parentNode);
        }
        return exchange;
    }

    private Node parent() {
        return registry.node("parent").orElseThrow();
    }

    // --- which creates are breakouts ---

    @Test
    void aCreateIsABreakoutWhenIsBreakoutParsesTrueAndItNamesAParent() {
        assertTrue(breakouts.isBreakout(BREAKOUT));
        // bbb-web's Boolean.parseBoolean ignores case
        assertTrue(breakouts.isBreakout(create("isBreakout", "TRUE", "parentMeetingID", "p")));
        for (String notTrue : List.of("yes", "1", "on", " true", "")) {
            assertFalse(breakouts.isBreakout(create("isBreakout", notTrue, "parentMeetingID", "p")),
                    "'" + notTrue + "' is false to Boolean.parseBoolean");
        }
        assertFalse(breakouts.isBreakout(create("parentMeetingID", "p")));
    }

    @Test
    void aBreakoutWithoutAParentIsAnOrdinaryCreate() {
        // nothing to follow: the room is placed like any meeting and bbb-web judges it
        assertFalse(breakouts.isBreakout(create("isBreakout", "true")));
        assertFalse(breakouts.isBreakout(create("isBreakout", "true", "parentMeetingID", "  ")));
    }

    @Test
    void theParentIsTheTrimmedParentMeetingIdOrNoneWhenBlank() {
        assertEquals("p-1", breakouts.parentMeetingId(create("parentMeetingID", "  p-1 ")));
        assertNull(breakouts.parentMeetingId(create("parentMeetingID", "")));
        assertNull(breakouts.parentMeetingId(create("parentMeetingID", " \t")));
        assertNull(breakouts.parentMeetingId(create("meetingID", "m")));
    }

    // --- placement of a breakout ---

    @Test
    void aBreakoutGoesToItsParentsNodeEvenWhenAnotherNodeIsCheaperAndUntagged() {
        // the parent's node is loaded and tagged (an untagged create would never be placed there), yet it is the
        // only node bbb-web accepts the room on
        registry.addPendingLoad("parent", 1_000, System.nanoTime());
        Exchange exchange = breakoutExchange(parent());
        Node chosen = placement.placeMeeting(exchange, "room-1", null, BREAKOUT);
        assertSame(parent(), chosen);
        assertEquals("parent", directory.find("room-1").orElseThrow().node());
        assertEquals(Boolean.TRUE, exchange.getProperty(ExchangeProperties.CREATE_PLACED_NEW));
        assertEquals(1_000 + 30, registry.load("parent"), 1e-9, "the room weighs on its node at once");
    }

    @Test
    void aBreakoutGoesToItsParentsNodeEvenWhenThatNodeTakesNoNewMeetings() {
        // a cordoned node keeps serving its meetings, and a breakout belongs to one of them
        registry.apply(new Inventory(List.of(node("parent", "vr").withState(NodeState.CORDONED), node("idle")),
                Map.of()));
        assertSame(parent(), placement.placeMeeting(breakoutExchange(parent()), "room-1", null, BREAKOUT));
    }

    @Test
    void aBreakoutAlreadyOnItsParentsNodeStaysWithoutCountingAsNew() {
        directory.remember("room-1", "parent");
        long placedAt = directory.find("room-1").orElseThrow().placedAtNanos();
        double load = registry.load("parent");
        Exchange exchange = breakoutExchange(parent());
        assertSame(parent(), placement.placeMeeting(exchange, "room-1", null, BREAKOUT));
        assertNull(exchange.getProperty(ExchangeProperties.CREATE_PLACED_NEW));
        assertEquals(placedAt, directory.find("room-1").orElseThrow().placedAtNanos());
        assertEquals(load, registry.load("parent"), 1e-9);
    }

    @Test
    void aBreakoutKnownOnAnotherNodeMovesToItsParentsNode() {
        directory.remember("room-1", "idle");
        assertSame(parent(), placement.placeMeeting(breakoutExchange(parent()), "room-1", null, BREAKOUT));
        assertEquals("parent", directory.find("room-1").orElseThrow().node());
    }

    @Test
    void aBreakoutWhoseParentNoNodeHasIsParentMeetingDoesNotExist() {
        Exchange exchange = breakoutExchange(null);
        assertNull(placement.placeMeeting(exchange, "room-1", null, BREAKOUT));
        assertEquals("parentMeetingDoesNotExist", refusalOf(exchange).messageKey());
        assertTrue(directory.find("room-1").isEmpty(), "nothing was placed");
    }

    @Test
    void aBreakoutCountsTowardsItsTenantsMeetingLimit() {
        Tenant acme = new Tenant("acme", List.of("s"), List.of(), 1, 0, List.of(), ParameterRules.NONE, null, null);
        directory.remember(acme.nodeMeetingId("parent-meeting"), "parent");
        Exchange exchange = breakoutExchange(parent());
        assertNull(placement.placeMeeting(exchange, acme.nodeMeetingId("room-1"), acme, BREAKOUT));
        assertEquals("maxMeetingsReached", refusalOf(exchange).messageKey());
        assertTrue(directory.find(acme.nodeMeetingId("room-1")).isEmpty());
    }

    @Test
    void aBreakoutWaitsForACreateOfItsTenantThatIsTakingTheLastMeetingOfTheLimit() throws Exception {
        // TenantLimits.admitNewMeeting counts the tenant's meetings and must run under the tenant's placement lock,
        // or two creates at once both see one meeting left; an ordinary create takes the lock, so must a breakout
        Tenant acme = new Tenant("acme", List.of("s"), List.of(), 2, 0, List.of(), ParameterRules.NONE, null, null);
        directory.remember(acme.nodeMeetingId("parent-meeting"), "parent");
        CompletableFuture<Node> breakout;
        synchronized (limits.placementLock(acme)) { // another create of acme is being placed
            breakout = CompletableFuture.supplyAsync(() -> placement.placeMeeting(breakoutExchange(parent()),
                    acme.nodeMeetingId("room-1"), acme, BREAKOUT));
            assertThrows(TimeoutException.class, () -> breakout.get(200, TimeUnit.MILLISECONDS),
                    "the breakout was admitted while another create of its tenant was");
        }
        assertSame(parent(), breakout.get(2, TimeUnit.SECONDS));
    }

    @Test
    void aBreakoutRefusedByItsParentsNodeIsNotMovedElsewhere() {
        Exchange exchange = breakoutExchange(parent());
        assertSame(parent(), placement.placeMeeting(exchange, "room-1", null, BREAKOUT));
        exchange.setProperty(ExchangeProperties.NODE, parent());
        assertNull(placement.placeElsewhere(exchange, "room-1", parent(), null, BREAKOUT, new NodeSaturated()));
        assertEquals("serverUnreachable", refusalOf(exchange).messageKey());
        assertEquals("parent", directory.find("room-1").orElseThrow().node());
        assertNull(exchange.getProperty(ExchangeProperties.CREATE_REFUSED_BY), "no other node was tried");
    }
}
