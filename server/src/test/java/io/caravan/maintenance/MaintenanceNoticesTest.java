package io.caravan.maintenance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.bbb.PolledMeeting;
import io.caravan.inventory.CordonNotice;
import io.caravan.inventory.Inventory;
import io.caravan.inventory.InventoryLoader;
import io.caravan.inventory.Node;
import io.caravan.nodecalls.NodeCall;
import io.caravan.nodes.NodeRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** When a cordon's message is due on a node, and to which meetings it goes. */
class MaintenanceNoticesTest {

    private final MaintenanceScheduleTest.TestClock clock = new MaintenanceScheduleTest.TestClock("2026-05-01T10:00:00Z");
    private final InventoryLoader loader = new InventoryLoader(ChecksumAlgorithm.SHA256);

    private Inventory inventory(String extra) {
        return loader.parse("nodes:\n  - name: bbb1\n    url: https://bbb1.example/bigbluebutton/\n    secret: s\n"
                + extra.indent(4), "inventory.yaml");
    }

    private static PolledMeeting meeting(String id, boolean running) {
        return new PolledMeeting(id, id, running, running ? 1 : 0, 0, 0, 0, 0, "");
    }

    private List<String> due(MaintenanceNotices notices, Node node) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        return notices.dueCalls(exchange, node).stream().map(NodeCall::url).toList();
    }

    @Test
    void theMessageGoesToEachRunningMeetingOnceThenEveryRepeat() {
        NodeRegistry registry = new NodeRegistry(inventory(
                "state: cordoned\ncordon: {message: \"Restart at 22:00\", repeat: 10m}"), 2, 1);
        registry.recordPoll("bbb1", List.of(meeting("a", true), meeting("b", true), meeting("nobody", false)), 1,
                Instant.now());
        MaintenanceNotices notices = new MaintenanceNotices(registry, new MaintenanceLog(clock,
                MaintenanceEvents.none()), new LocalMaintenanceClaims(), 1000, clock);
        Node node = registry.node("bbb1").orElseThrow();

        List<String> first = due(notices, node);
        assertEquals(2, first.size());
        assertTrue(first.get(0).startsWith("https://bbb1.example/bigbluebutton/api/sendChatMessage?meetingID=a"
                + "&message=Restart+at+22%3A00&checksum="), first.get(0));
        assertEquals(List.of(), due(notices, node), "not at the next poll");
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertEquals(List.of(), due(notices, node));
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertEquals(2, due(notices, node).size(), "again after its repeat");
    }

    @Test
    void withoutRepeatItIsPostedOnceAndANewNoticeAtOnce() {
        NodeRegistry registry = new NodeRegistry(inventory("state: cordoned\ncordon: {message: once}"), 2, 1);
        registry.recordPoll("bbb1", List.of(meeting("a", true)), 1, Instant.now());
        MaintenanceNotices notices = new MaintenanceNotices(registry, new MaintenanceLog(clock,
                MaintenanceEvents.none()), new LocalMaintenanceClaims(), 1000, clock);
        assertEquals(1, due(notices, registry.node("bbb1").orElseThrow()).size());
        clock.now = clock.now.plus(Duration.ofDays(1));
        assertEquals(List.of(), due(notices, registry.node("bbb1").orElseThrow()));

        registry.apply(inventory("state: cordoned\ncordon: {message: changed}"));
        assertEquals(1, due(notices, registry.node("bbb1").orElseThrow()).size());
    }

    @Test
    void anEnabledOrSilentlyCordonedNodeGetsNoMessage() {
        NodeRegistry registry = new NodeRegistry(inventory(""), 2, 1);
        registry.recordPoll("bbb1", List.of(meeting("a", true)), 1, Instant.now());
        MaintenanceNotices notices = new MaintenanceNotices(registry, new MaintenanceLog(clock,
                MaintenanceEvents.none()), new LocalMaintenanceClaims(), 1000, clock);
        assertEquals(List.of(), due(notices, registry.node("bbb1").orElseThrow()));
        registry.apply(inventory("state: cordoned"));
        assertEquals(List.of(), due(notices, registry.node("bbb1").orElseThrow()));
    }

    private MaintenanceNotices instance(NodeRegistry registry, MaintenanceClaims claims) {
        return new MaintenanceNotices(registry, new MaintenanceLog(clock, MaintenanceEvents.none()), claims, 1000,
                clock);
    }

    @Test
    void withSharedClaimsOneInstancePostsARoundAndTheOthersWaitUntilItsClaimEnds() {
        NodeRegistry registry = new NodeRegistry(inventory(
                "state: cordoned\ncordon: {message: \"Restart at 22:00\", repeat: 10m}"), 2, 1);
        registry.recordPoll("bbb1", List.of(meeting("a", true), meeting("b", true)), 1, Instant.now());
        ClaimsOnClock shared = new ClaimsOnClock(clock);
        MaintenanceNotices first = instance(registry, shared);
        MaintenanceNotices second = instance(registry, shared);
        Node node = registry.node("bbb1").orElseThrow();

        assertEquals(2, due(first, node).size(), "the first instance to poll claims the round");
        clock.now = clock.now.plusSeconds(3);
        assertEquals(List.of(), due(second, node), "the other one's poll finds it claimed");
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertEquals(List.of(), due(first, node));
        assertEquals(List.of(), due(second, node), "the claim holds for the whole repeat");
        clock.now = clock.now.plus(Duration.ofMinutes(1)).minusSeconds(3);
        assertEquals(2, due(second, node).size(), "the next round goes to whoever polls first once it ended");
        assertEquals(List.of(), due(first, node), "and only to it");
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        int posted = due(first, node).size() + due(second, node).size();
        assertEquals(2, posted, "one round, not one per instance");
    }

    @Test
    void aChangedNoticeIsPostedAtOnceAndAnEndedCordonGivesItsClaimUp() {
        NodeRegistry registry = new NodeRegistry(inventory("state: cordoned\ncordon: {message: once}"), 2, 1);
        registry.recordPoll("bbb1", List.of(meeting("a", true)), 1, Instant.now());
        ClaimsOnClock shared = new ClaimsOnClock(clock);
        MaintenanceNotices first = instance(registry, shared);
        MaintenanceNotices second = instance(registry, shared);
        assertEquals(1, due(first, registry.node("bbb1").orElseThrow()).size());
        assertEquals(List.of(), due(second, registry.node("bbb1").orElseThrow()), "posted once in all");
        String once = MaintenanceNotices.claimKey("bbb1", registry.node("bbb1").orElseThrow().cordon());
        assertTrue(shared.held(once));

        registry.apply(inventory("state: cordoned\ncordon: {message: changed}"));
        assertEquals(1, due(second, registry.node("bbb1").orElseThrow()).size(), "a new notice at once");
        assertEquals(List.of(), due(first, registry.node("bbb1").orElseThrow()));

        registry.apply(inventory("state: enabled"));
        due(first, registry.node("bbb1").orElseThrow());
        due(second, registry.node("bbb1").orElseThrow());
        registry.apply(inventory("state: cordoned\ncordon: {message: once}"));
        assertEquals(1, due(second, registry.node("bbb1").orElseThrow()).size(),
                "cordoned again with the first notice: posted again, the ended cordon's claim was given up");
        assertEquals(List.of(), due(first, registry.node("bbb1").orElseThrow()));
    }

    @Test
    void theClaimKeyIsTheSameForTheSameNoticeAndAnotherForAnother() {
        CordonNotice notice = new CordonNotice("Restart at 22:00", Duration.ofMinutes(10), true);
        String key = MaintenanceNotices.claimKey("bbb1", notice);
        assertTrue(key.matches("notice:bbb1:[0-9a-f]{16}"), key);
        assertEquals(key, MaintenanceNotices.claimKey("bbb1", new CordonNotice("Restart at 22:00",
                Duration.ofMinutes(10), true)));
        assertNotEquals(key, MaintenanceNotices.claimKey("bbb1", new CordonNotice("Restart at 23:00",
                Duration.ofMinutes(10), true)));
        assertNotEquals(key, MaintenanceNotices.claimKey("bbb1", new CordonNotice("Restart at 22:00",
                Duration.ofMinutes(5), true)));
        assertNotEquals(key, MaintenanceNotices.claimKey("bbb2", notice));
    }
}
