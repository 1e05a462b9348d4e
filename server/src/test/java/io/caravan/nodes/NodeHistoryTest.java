package io.caravan.nodes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.bbb.PolledMeeting;
import io.caravan.inventory.Cluster;
import io.caravan.inventory.Inventory;
import io.caravan.inventory.LoadFormula;
import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import org.junit.jupiter.api.Test;

class NodeHistoryTest {

    private static final Cluster PLAIN = new Cluster(Cluster.DEFAULT, new LoadFormula(1, 10, 0, 1));

    private static Node node(String name) {
        return new Node(name, "http://" + name + "/bigbluebutton/api", "secret", Cluster.DEFAULT, NodeState.ENABLED,
                List.of(), 1, ChecksumAlgorithm.SHA256, null);
    }

    private static Inventory inventory(Node... nodes) {
        return new Inventory(List.of(nodes), Map.of(Cluster.DEFAULT, PLAIN));
    }

    private static List<PolledMeeting> meetings(int count, int attendeesEach) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> new PolledMeeting("m" + i, "m" + i, true,
                attendeesEach, 0, 0, 0, 0, "<meeting/>")).toList();
    }

    @Test
    void eachSampleKeepsTheNodesLoadMeetingsAndAttendeesAndTheOldestGoWhenTheWindowIsFull() {
        NodeRegistry registry = new NodeRegistry(inventory(node("bbb1"), node("bbb2")), 1, 1);
        // an interval of 1 s over a 2 s window: three samples kept per node
        NodeHistory history = new NodeHistory(registry, 1000, 2000);
        assertEquals(3, history.capacity());
        for (int round = 1; round <= 4; round++) {
            registry.recordPoll("bbb1", meetings(round, 2), round, Instant.now());
            history.sample();
        }
        NodeHistory.Series bbb1 = history.series().get(0);
        assertEquals("bbb1", bbb1.node());
        assertArrayEquals(new int[] {2, 3, 4}, bbb1.meetings(), "the oldest sample went, oldest first");
        assertArrayEquals(new int[] {4, 6, 8}, bbb1.attendees());
        // load: attendees + 10 per meeting
        assertArrayEquals(new double[] {24, 36, 48}, bbb1.load());
        assertArrayEquals(new boolean[] {true, true, true}, bbb1.online());
        assertTrue(bbb1.times()[0] <= bbb1.times()[2]);
        NodeHistory.Series bbb2 = history.series().get(1);
        assertArrayEquals(new int[] {0, 0, 0}, bbb2.meetings());
        assertArrayEquals(new boolean[] {false, false, false}, bbb2.online(), "never polled: offline");
    }

    @Test
    void aNodeGoneFromTheInventoryLosesItsHistory() {
        NodeRegistry registry = new NodeRegistry(inventory(node("bbb1"), node("bbb2")), 1, 1);
        NodeHistory history = new NodeHistory(registry, 1000, 60_000);
        history.sample();
        registry.apply(inventory(node("bbb2")));
        history.sample();
        assertEquals(List.of("bbb2"), history.series().stream().map(NodeHistory.Series::node).toList());
        assertEquals(2, history.series().get(0).times().length);
    }

    @Test
    void theWindowHoldsAtLeastOneInterval() {
        NodeRegistry registry = new NodeRegistry(inventory(node("bbb1")), 1, 1);
        IllegalArgumentException short_ = assertThrows(IllegalArgumentException.class,
                () -> new NodeHistory(registry, 60_000, 1000));
        assertTrue(short_.getMessage().contains("caravan.history.window"), short_.getMessage());
    }
}
