package io.caravan.nodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.bbb.PolledMeeting;
import io.caravan.inventory.Cluster;
import io.caravan.inventory.Inventory;
import io.caravan.inventory.LoadFormula;
import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import io.caravan.shared.EventLog;
import org.junit.jupiter.api.Test;

/**
 * The registry fed by hand: what a poll's answer replaces, which nodes getMeetings must ask again, and when a node
 * is online, suspect or able to serve. Poll and change times are plain numbers on the {@link System#nanoTime()}
 * scale, so the order of events is the test's, not the clock's.
 */
class NodeRegistryTest {

    private static final Instant AT = Instant.parse("2024-01-01T00:00:00Z");
    // f_atn 1, f_mtg 10, no CPU term: a node's load is attendees + 10 per meeting
    private static final Cluster PLAIN = new Cluster(Cluster.DEFAULT, new LoadFormula(1, 10, 0, 1));

    private static Node node(String name, NodeState state) {
        return new Node(name, "http://" + name + "/bigbluebutton/api", "secret", Cluster.DEFAULT, state, List.of(), 1,
                ChecksumAlgorithm.SHA256, null);
    }

    private static NodeRegistry registry(int offlineAfter, int onlineAfter, int suspectAfter, Node... nodes) {
        return new NodeRegistry(new Inventory(List.of(nodes), Map.of(Cluster.DEFAULT, PLAIN)), offlineAfter,
                onlineAfter, suspectAfter);
    }

    private static PolledMeeting meeting(String id, int attendees) {
        return new PolledMeeting(id, id, attendees > 0, attendees, 0, 0, 0, 0, "<meeting/>");
    }

    private static List<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).sorted().toList();
    }

    private static NodeStatus status(NodeRegistry registry, String name) {
        return registry.status(name).orElseThrow();
    }

    // --- polls ---

    @Test
    void aPollsAnswerGivesTheNodeItsMeetingsAttendeesAndLoad() {
        NodeRegistry registry = registry(1, 1, 1, node("bbb1", NodeState.ENABLED));
        assertTrue(registry.recordPoll("bbb1", List.of(meeting("a", 3), meeting("b", 4)), 100, AT));
        NodeStatus status = status(registry, "bbb1");
        assertEquals(List.of("a", "b"), status.meetings().stream().map(PolledMeeting::meetingId).toList());
        assertEquals(7, status.attendees());
        assertEquals(AT, status.lastPollAt());
        assertEquals(7 + 2 * 10, registry.load("bbb1"), 1e-9);
    }

    @Test
    void aPollOfANodeNotInTheInventoryIsNotTaken() {
        NodeRegistry registry = registry(1, 1, 1, node("bbb1", NodeState.ENABLED));
        assertFalse(registry.recordPoll("gone", List.of(meeting("a", 1)), 100, AT));
        assertTrue(registry.status("gone").isEmpty());
    }

    @Test
    void pendingLoadOfAPlacementIsClearedOnlyByAPollThatStartedAfterIt() {
        NodeRegistry registry = registry(1, 1, 1, node("bbb1", NodeState.ENABLED));
        registry.recordPoll("bbb1", List.of(), 100, AT);
        registry.addPendingLoad("bbb1", 10, 200);
        registry.addPendingLoad("bbb1", 10, 400);
        assertEquals(20, registry.load("bbb1"), 1e-9, "both placements weigh before any poll shows them");

        // a poll that started before both placements cannot contain them
        registry.recordPoll("bbb1", List.of(), 150, AT);
        assertEquals(20, registry.load("bbb1"), 1e-9);

        // one that started between them shows the first meeting; the second still weighs as pending
        registry.recordPoll("bbb1", List.of(meeting("first", 0)), 300, AT);
        assertEquals(10 + 10, registry.load("bbb1"), 1e-9);

        registry.recordPoll("bbb1", List.of(meeting("first", 0), meeting("second", 0)), 500, AT);
        assertEquals(2 * 10, registry.load("bbb1"), 1e-9, "both are now counted once, from the poll");
    }

    @Test
    void anAnswerToAnOlderPollDoesNotReplaceTheMeetingsOfANewerOne() {
        NodeRegistry registry = registry(1, 1, 1, node("bbb1", NodeState.ENABLED));
        assertTrue(registry.recordPoll("bbb1", List.of(meeting("new", 5)), 200, AT));
        // a refresh started at 100 answers after the cycle's poll started at 200
        assertFalse(registry.recordPoll("bbb1", List.of(meeting("old", 1), meeting("older", 1)), 100, AT));
        NodeStatus status = status(registry, "bbb1");
        assertEquals(List.of("new"), status.meetings().stream().map(PolledMeeting::meetingId).toList());
        assertEquals(5, status.attendees());
        assertTrue(registry.polledSince("bbb1", 150), "the newer poll is the one that counts");
        assertFalse(registry.polledSince("bbb1", 250));
    }

    @Test
    void anAnswerToAPollStartedAtTheSameMomentIsTaken() {
        NodeRegistry registry = registry(1, 1, 1, node("bbb1", NodeState.ENABLED));
        registry.recordPoll("bbb1", List.of(meeting("a", 1)), 200, AT);
        assertTrue(registry.recordPoll("bbb1", List.of(meeting("b", 2)), 200, AT));
        assertEquals(2, status(registry, "bbb1").attendees());
    }

    @Test
    void pollTimesAreComparedAcrossTheWrapOfNanoTime() {
        // System.nanoTime() may be near Long.MAX_VALUE; a later poll then has a "smaller" number
        NodeRegistry registry = registry(1, 1, 1, node("bbb1", NodeState.ENABLED));
        registry.recordPoll("bbb1", List.of(meeting("before", 0)), Long.MAX_VALUE - 10, AT);
        assertTrue(registry.recordPoll("bbb1", List.of(meeting("after", 0)), Long.MIN_VALUE + 10, AT));
        assertFalse(registry.recordPoll("bbb1", List.of(meeting("stale", 0)), Long.MAX_VALUE - 20, AT));
        assertEquals("after", status(registry, "bbb1").meetings().get(0).meetingId());
    }

    // --- read your writes ---

    @Test
    void aNodeChangedAfterItsLastPollStartedIsRefreshedUntilALaterPollAnswers() {
        NodeRegistry registry = registry(1, 1, 1, node("bbb1", NodeState.ENABLED), node("bbb2", NodeState.ENABLED));
        registry.recordPoll("bbb1", List.of(), 100, AT);
        registry.recordPoll("bbb2", List.of(), 100, AT);
        assertEquals(List.of(), registry.nodesToRefresh(), "nothing changed");

        registry.changed("bbb1", 200);
        assertEquals(List.of("bbb1"), names(registry.nodesToRefresh()));

        // a poll that started at the very moment of the change may have missed it
        registry.recordPoll("bbb1", List.of(), 200, AT);
        assertEquals(List.of("bbb1"), names(registry.nodesToRefresh()));

        registry.recordPoll("bbb1", List.of(), 201, AT);
        assertEquals(List.of(), registry.nodesToRefresh());
    }

    @Test
    void anEarlierChangeReportedLateDoesNotHideALaterOne() {
        NodeRegistry registry = registry(1, 1, 1, node("bbb1", NodeState.ENABLED));
        registry.recordPoll("bbb1", List.of(), 100, AT);
        registry.changed("bbb1", 300);
        registry.changed("bbb1", 200);
        registry.recordPoll("bbb1", List.of(), 250, AT);
        assertEquals(List.of("bbb1"), names(registry.nodesToRefresh()), "the change at 300 is not in that poll");
    }

    @Test
    void aStaleAnswerDoesNotCountAsTheRefreshOfAChange() {
        NodeRegistry registry = registry(1, 1, 1, node("bbb1", NodeState.ENABLED));
        registry.recordPoll("bbb1", List.of(), 100, AT);
        registry.changed("bbb1", 200);
        registry.recordPoll("bbb1", List.of(), 50, AT);
        assertEquals(List.of("bbb1"), names(registry.nodesToRefresh()));
    }

    @Test
    void disabledOrOfflineNodesAreNeverRefreshed() {
        NodeRegistry registry = registry(1, 1, 1, node("off", NodeState.ENABLED), node("never", NodeState.ENABLED));
        registry.recordPoll("off", List.of(), 100, AT);
        registry.recordFailure("off", "connection refused", AT);
        registry.changed("off", 200);
        registry.changed("never", 200); // never polled: still offline
        assertEquals(List.of(), registry.nodesToRefresh());

        registry.recordPoll("off", List.of(), 150, AT); // back online, but from a poll older than the change
        assertEquals(List.of("off"), names(registry.nodesToRefresh()));
        registry.apply(new Inventory(List.of(node("off", NodeState.DISABLED), node("never", NodeState.ENABLED)),
                Map.of(Cluster.DEFAULT, PLAIN)));
        assertEquals(List.of(), registry.nodesToRefresh(), "a disabled node is not asked");
    }

    @Test
    void anEndedMeetingLeavesThePolledListWithItsAttendees() {
        NodeRegistry registry = registry(1, 1, 1, node("bbb1", NodeState.ENABLED));
        registry.recordPoll("bbb1", List.of(meeting("a", 3), meeting("b", 4)), 100, AT);
        registry.endedMeeting("bbb1", "a");
        NodeStatus status = status(registry, "bbb1");
        assertEquals(List.of("b"), status.meetings().stream().map(PolledMeeting::meetingId).toList());
        assertEquals(4, status.attendees());
        assertEquals(4 + 10, registry.load("bbb1"), 1e-9);
        assertEquals(List.of("b"), registry.servableMeetings().stream().map(PolledMeeting::meetingId).toList());

        registry.endedMeeting("bbb1", "unknown");
        registry.endedMeeting("gone", "b");
        registry.endedMeeting(null, "b");
        assertEquals(4, status(registry, "bbb1").attendees(), "ends of other meetings or nodes change nothing");
    }

    // --- health thresholds ---

    @Test
    void thresholdsBelowOneAreRefusedNamingTheSettings() {
        Inventory inventory = new Inventory(List.of(), Map.of());
        for (int[] t : new int[][] {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new NodeRegistry(inventory, t[0], t[1], t[2]));
            assertTrue(e.getMessage().contains("caravan.health"), e.getMessage());
        }
    }

    @Test
    void aNewNodeServesOnlyAfterOnlineAfterSuccessfulPollsInARow() {
        NodeRegistry registry = registry(2, 3, 1, node("bbb1", NodeState.ENABLED));
        assertFalse(registry.canServe("bbb1"), "never heard of since start");
        registry.recordPoll("bbb1", List.of(), 1, AT);
        registry.recordPoll("bbb1", List.of(), 2, AT);
        registry.recordFailure("bbb1", "timeout", AT); // the streak starts again
        registry.recordPoll("bbb1", List.of(), 3, AT);
        registry.recordPoll("bbb1", List.of(), 4, AT);
        assertFalse(registry.canServe("bbb1"));
        assertEquals(List.of(), registry.eligibleForNewMeetings());
        registry.recordPoll("bbb1", List.of(), 5, AT);
        assertTrue(registry.canServe("bbb1"));
        assertEquals(List.of("bbb1"), names(registry.eligibleForNewMeetings()));
    }

    @Test
    void anOnlineNodeGoesOfflineAfterOfflineAfterFailedPollsInARowAndIsSuspectFromTheFirst() {
        NodeRegistry registry = registry(3, 1, 1, node("bbb1", NodeState.ENABLED));
        registry.recordPoll("bbb1", List.of(), 1, AT);
        registry.recordFailure("bbb1", "timeout", AT);
        registry.recordFailure("bbb1", "timeout", AT);
        assertTrue(registry.canServe("bbb1"), "its meetings are still served");
        assertTrue(registry.suspect("bbb1"));
        assertEquals(List.of(), registry.eligibleForNewMeetings(), "but it takes no new one");
        assertEquals("timeout", status(registry, "bbb1").lastError());

        registry.recordPoll("bbb1", List.of(), 2, AT); // a success breaks the streak and clears the doubt
        assertFalse(registry.suspect("bbb1"));
        registry.recordFailure("bbb1", "timeout", AT);
        registry.recordFailure("bbb1", "timeout", AT);
        assertTrue(registry.canServe("bbb1"));
        registry.recordFailure("bbb1", "timeout", AT);
        assertFalse(registry.canServe("bbb1"));
        assertEquals(List.of(), registry.onlineNodes());
    }

    @Test
    void failedCallsMakeANodeSuspectOnlyAfterSuspectAfterInARowAndTellTheListenerOnce() {
        NodeRegistry registry = registry(1, 1, 2, node("bbb1", NodeState.ENABLED));
        List<String> told = new ArrayList<>();
        registry.onSuspect(node -> told.add(node.name()));
        registry.recordPoll("bbb1", List.of(), 1, AT);

        registry.recordCall("bbb1", 1_000_000, true, "TimeoutException");
        registry.recordCall("bbb1", 1_000_000, true, null); // an answer in between: not in a row
        registry.recordCall("bbb1", 1_000_000, true, "TimeoutException");
        assertFalse(registry.suspect("bbb1"));

        registry.recordCall("bbb1", 1_000_000, true, "ConnectException");
        assertTrue(registry.suspect("bbb1"));
        assertTrue(registry.canServe("bbb1"), "suspect is not offline");
        assertEquals(List.of(), registry.eligibleForNewMeetings());
        registry.recordCall("bbb1", 1_000_000, true, "ConnectException");
        assertEquals(List.of("bbb1"), told, "the poller is asked for one poll, not one per failure");

        registry.recordPoll("bbb1", List.of(), 2, AT);
        assertFalse(registry.suspect("bbb1"));
        assertEquals(List.of("bbb1"), names(registry.eligibleForNewMeetings()));
    }

    @Test
    void callsThatDoNotCountForHealthOrFailOnAnOfflineNodeMakeNothingSuspect() {
        NodeRegistry registry = registry(1, 1, 1, node("online", NodeState.ENABLED),
                node("offline", NodeState.ENABLED));
        registry.recordPoll("online", List.of(), 1, AT);
        registry.recordCall("online", 1_000_000, false, "TimeoutException");
        assertFalse(registry.suspect("online"));
        registry.recordCall("offline", 1_000_000, true, "TimeoutException");
        assertFalse(registry.suspect("offline"));
    }

    @Test
    void stateDecidesWhatAnOnlineNodeMayDo() {
        NodeRegistry registry = registry(1, 1, 1, node("enabled", NodeState.ENABLED),
                node("cordoned", NodeState.CORDONED), node("disabled", NodeState.DISABLED));
        for (String name : List.of("enabled", "cordoned", "disabled")) {
            registry.recordPoll(name, List.of(meeting("on-" + name, 1)), 1, AT);
        }
        assertEquals(List.of("enabled"), names(registry.eligibleForNewMeetings()));
        assertEquals(List.of("cordoned", "enabled"), names(registry.onlineNodes()));
        assertEquals(List.of("cordoned", "enabled"), names(registry.nodesToPoll()));
        assertTrue(registry.canServe("cordoned"), "a drained node keeps serving its meetings");
        assertFalse(registry.canServe("disabled"));
        assertFalse(registry.canServe("unknown"));
        assertFalse(registry.canServe(null));
        assertEquals(List.of("on-cordoned", "on-enabled"),
                registry.servableMeetings().stream().map(PolledMeeting::meetingId).toList());
    }

    @Test
    void aNodeMovedToAnotherUrlStartsOverWhileAStateChangeKeepsItsHealth() {
        NodeRegistry registry = registry(1, 1, 1, node("bbb1", NodeState.ENABLED), node("bbb2", NodeState.ENABLED));
        List<String> told = new ArrayList<>();
        registry.onNewNode(node -> told.add(node.name()));
        registry.recordPoll("bbb1", List.of(), 1, AT);
        registry.recordPoll("bbb2", List.of(), 1, AT);

        Node moved = new Node("bbb2", "http://elsewhere/bigbluebutton/api", "secret", Cluster.DEFAULT,
                NodeState.ENABLED, List.of(), 1, ChecksumAlgorithm.SHA256, null);
        registry.apply(new Inventory(List.of(node("bbb1", NodeState.CORDONED), moved, node("bbb3", NodeState.DISABLED)),
                Map.of(Cluster.DEFAULT, PLAIN)));

        assertTrue(registry.canServe("bbb1"));
        assertEquals(NodeState.CORDONED, registry.node("bbb1").orElseThrow().state());
        assertFalse(registry.canServe("bbb2"), "another machine: nothing is known of it yet");
        assertEquals(List.of("bbb2"), told, "a new disabled node is not asked");
    }

    // --- versions ---

    @Test
    void versionsCompareNumberByNumberAndOtherPartsAsText() {
        assertTrue(NodeRegistry.compareVersions("3.0.9", "3.0.19") < 0);
        assertTrue(NodeRegistry.compareVersions("3.0.19", "3.1") < 0);
        assertTrue(NodeRegistry.compareVersions("3.1", "3.0.19") > 0);
        assertTrue(NodeRegistry.compareVersions("2.7.10", "10.0") < 0);
        assertEquals(0, NodeRegistry.compareVersions("3.0", "3.0.0"), "a missing part is 0");
        assertEquals(0, NodeRegistry.compareVersions("3.0.4", "3.0.4"));
        assertTrue(NodeRegistry.compareVersions("3.0.alpha", "3.0.beta") < 0);
        assertTrue(NodeRegistry.compareVersions("3.x", "3.y") < 0);
    }

    @Test
    void theLowestVersionIsThatOfTheOnlineServingNodesAndEmptyWhileNoneIsKnown() {
        NodeRegistry registry = registry(1, 1, 1, node("new", NodeState.ENABLED), node("old", NodeState.ENABLED),
                node("older", NodeState.DISABLED), node("gone", NodeState.ENABLED), node("blank", NodeState.ENABLED));
        assertEquals("", registry.lowestBbbVersion());
        for (String name : List.of("new", "old", "older", "gone", "blank")) {
            registry.recordPoll(name, List.of(), 1, AT);
        }
        registry.recordVersion("new", "3.0.19");
        registry.recordVersion("old", "3.0.9");
        registry.recordVersion("older", "2.7.1");
        registry.recordVersion("gone", "2.6.0");
        registry.recordVersion("blank", " ");
        registry.recordFailure("gone", "refused", AT);
        assertEquals("3.0.9", registry.lowestBbbVersion(), "disabled, offline and blank versions do not count");
        assertTrue(registry.needsVersion("gone"), "a node that went away may come back upgraded");
        assertFalse(registry.needsVersion("old"));
    }

    // --- the events log ---

    @Test
    void theRegistryTellsTheEventsLogOfOfflineOnlineStateAddedAndRemovedNodes() {
        EventLog events = new EventLog(100);
        Inventory first = new Inventory(List.of(node("bbb1", NodeState.ENABLED), node("bbb2", NodeState.ENABLED)),
                Map.of(Cluster.DEFAULT, PLAIN));
        NodeRegistry registry = new NodeRegistry(first, 2, 1, 1, events);
        assertTrue(events.latest(0, 100).isEmpty(), "the inventory Caravan starts from is no event");

        registry.recordPoll("bbb1", List.of(), 1, AT);
        registry.recordPoll("bbb1", List.of(), 2, AT);
        registry.recordFailure("bbb1", "NodeAnswerError: http://bbb1/bigbluebutton/api/getMeetings?checksum=abc", AT);
        registry.recordFailure("bbb1", "NodeAnswerError: http://bbb1/bigbluebutton/api/getMeetings?checksum=abc", AT);
        registry.recordFailure("bbb1", "again", AT);
        registry.apply(new Inventory(List.of(node("bbb1", NodeState.CORDONED), node("bbb3", NodeState.ENABLED)),
                Map.of(Cluster.DEFAULT, PLAIN)));

        List<String> told = events.latest(0, 100).stream()
                .map(e -> e.type() + " " + e.node() + ": " + e.message()).toList();
        assertEquals(List.of(
                "node-added bbb3: added, enabled",
                "node-state bbb1: now cordoned (was enabled)",
                "node-removed bbb2: removed from the inventory",
                "node-offline bbb1: offline: its polls failed",
                "node-online bbb1: online: answered its poll"), told, "newest first (one inventory's changes in its order), once per change");
        assertFalse(told.toString().contains("checksum"), "a poll error quoting a signed URL is no event");
    }
}
