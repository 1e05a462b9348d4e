package io.caravan.placement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.inventory.Cluster;
import io.caravan.inventory.Inventory;
import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.nodecalls.NodeSaturated;
import io.caravan.nodes.InFlightLimit;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import io.caravan.shared.SharedEvents;
import io.caravan.tenants.TenantLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Placement's choice among healthy, slow, full and refusing nodes, on a registry fed by hand. */
class PlacementTest {

    private static final ApiRequest CREATE = new ApiRequest("create", "GET", "meetingID=m", Map.of(), null, null);

    private final NodeRegistry registry = new NodeRegistry(new Inventory(List.of(node("bbb1"), node("bbb2"),
            node("bbb3")), Map.of()), 2, 1, 1);
    private final MeetingDirectory directory = new MeetingDirectory(1000);
    private final InFlightLimit inFlight = new InFlightLimit(2);
    private final Placement placement = new Placement(registry, directory, new SimpleMeterRegistry(),
            new TenantLimits(directory, registry), SharedEvents.local(), inFlight, 10, 50, 900_000);

    private static Node node(String name) {
        return new Node(name, "http://" + name + "/bigbluebutton/api", "secret", Cluster.DEFAULT, NodeState.ENABLED,
                List.of(), 1, ChecksumAlgorithm.SHA256, null);
    }

    PlacementTest() {
        for (String name : List.of("bbb1", "bbb2", "bbb3")) {
            registry.recordPoll(name, List.of(), System.nanoTime(), Instant.now());
        }
    }

    private Exchange exchange() {
        return new DefaultExchange(new DefaultCamelContext());
    }

    private Node place(Exchange exchange, String meetingId) {
        return placement.placeMeeting(exchange, meetingId, null, CREATE);
    }

    /** The refusal Placement recorded for the route to answer; fails when there is none. */
    private static BbbError refusalOf(Exchange exchange) {
        BbbError refusal = exchange.getProperty(ExchangeProperties.REFUSAL, BbbError.class);
        assertNotNull(refusal, "no refusal recorded");
        return refusal;
    }

    @Test
    void callsWaitingAndLatencyAddToTheLoadInMeetingsWorth() {
        Node bbb1 = registry.node("bbb1").orElseThrow();
        assertEquals(0, placement.cost(bbb1), 1e-9);
        inFlight.tryAcquire("bbb1");
        assertEquals(30, placement.cost(bbb1), 1e-9, "one call waiting weighs one meeting (meeting-weight 30)");
        registry.recordCall("bbb1", 2_000_000_000L, true, null);
        assertEquals(30 + 30 * 10 * 2, placement.cost(bbb1), 1e-6, "2 s average latency weighs 20 meetings");
    }

    @Test
    void aMeetingExpectingManyAttendeesKeepsTheNextMeetingsOffItsNode() {
        ApiRequest lecture = new ApiRequest("create", "GET", "meetingID=lecture&meta_bbb-meeting-size-hint=300",
                Map.of("meetingID", List.of("lecture"), "meta_bbb-meeting-size-hint", List.of("300")), null, null);
        Node busy = placement.placeMeeting(exchange(), "lecture", null, lecture);
        assertEquals(300, registry.reservedSeats(busy.name()));
        assertEquals(300 + 30, registry.load(busy.name()), 1e-9, "300 attendees' worth and one meeting");
        for (int i = 0; i < 9; i++) {
            assertTrue(!place(exchange(), "m-" + i).name().equals(busy.name()), "meeting " + i);
        }
    }

    @Test
    void aSlowNodeGetsNoNewMeetingWhileHealthyOnesAreCheaper() {
        registry.recordCall("bbb1", 2_000_000_000L, true, null);
        for (int i = 0; i < 20; i++) {
            Node chosen = place(exchange(), "m-" + i);
            assertTrue(!chosen.name().equals("bbb1"), "meeting " + i + " went to the slow node");
        }
    }

    @Test
    void aNodeWithoutRoomIsNeverChosenAndServerBusyOnlyWhenAllAreFull() {
        for (String name : List.of("bbb1", "bbb2")) {
            inFlight.tryAcquire(name);
            inFlight.tryAcquire(name);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals("bbb3", place(exchange(), "room-" + i).name());
        }
        inFlight.tryAcquire("bbb3");
        inFlight.tryAcquire("bbb3");
        Exchange noRoom = exchange();
        assertNull(place(noRoom, "no-room"));
        assertEquals("serverBusy", refusalOf(noRoom).messageKey());
    }

    @Test
    void aRefusedNewMeetingGoesToTheNextNodeUntilNoneIsLeft() {
        Exchange create = exchange();
        Node first = place(create, "moving");
        create.setProperty(ExchangeProperties.NODE, first);
        Node second = placement.placeElsewhere(create, "moving", first, null, CREATE, new NodeSaturated());
        assertTrue(!second.equals(first));
        assertEquals(second.name(), directory.find("moving").orElseThrow().node());
        Node third = placement.placeElsewhere(create, "moving", second, null, CREATE,
                new java.net.ConnectException("refused"));
        assertTrue(!third.equals(first) && !third.equals(second));
        assertNull(placement.placeElsewhere(create, "moving", third, null, CREATE, new NodeSaturated()));
        assertEquals("noAvailableServers", refusalOf(create).messageKey());
    }

    @Test
    void aRunningMeetingOnAFullNodeStaysThereAndItsCreateIsRefused() {
        directory.remember("running", "bbb2");
        Exchange create = exchange();
        Node kept = place(create, "running");
        assertEquals("bbb2", kept.name());
        NodeSaturated full = new NodeSaturated();
        assertNull(placement.placeElsewhere(create, "running", kept, null, CREATE, full));
        assertSame(full, refusalOf(create));
        assertEquals("bbb2", directory.find("running").orElseThrow().node());
    }

    @Test
    void aSuspectNodesMeetingIsPlacedAnewOnItsNextCreate() {
        directory.remember("on-suspect", "bbb1");
        registry.recordCall("bbb1", 5_000_000_000L, true, "TimeoutException");
        assertTrue(registry.suspect("bbb1"));
        Node moved = place(exchange(), "on-suspect");
        assertTrue(!moved.name().equals("bbb1"));
    }

    @Test
    void aNodeThatLeavesItsCallsUnansweredGetsNoNewMeetingUntilItAnswers() throws InterruptedException {
        registry.recordCall("bbb2", 1_000_000, true, null);
        registry.recordCall("bbb3", 1_000_000, true, null);
        inFlight.tryAcquire("bbb1");
        Thread.sleep(80); // longer than the 50 ms stall-after of this placement
        assertTrue(placement.stalled("bbb1"));
        for (int i = 0; i < 5; i++) {
            assertTrue(!place(exchange(), "s-" + i).name().equals("bbb1"));
        }
        registry.recordCall("bbb1", 80_000_000, true, null);
        assertTrue(!placement.stalled("bbb1"), "it answered");
    }
}
