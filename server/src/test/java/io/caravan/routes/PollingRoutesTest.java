package io.caravan.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import io.caravan.nodes.NodeHistory;
import io.caravan.support.BbbClient;
import org.junit.jupiter.api.Test;

/** routes/polling.camel.yaml: the poll of every node, a node's poll on demand, and the inventory file's watch. */
class PollingRoutesTest extends RouteTestSupport {

    @Test
    void pollNodeLearnsTheNodesMeetings() {
        new BbbClient(node(0).baseUrl(), NODE_SECRET).get("create", "name=Polled&meetingID=route-polled");
        Node bbb1 = registry().node("bbb1").orElseThrow();
        // a poll of the node that started after the create learns the meeting: this one, or, when the timer's poll
        // of bbb1 is in flight (poll-node never asks a node twice at once), the timer's next one
        template.sendBody("direct:poll-node", bbb1);
        await(() -> registry().status("bbb1").orElseThrow().meetings().stream()
                .anyMatch(meeting -> meeting.meetingId().equals("route-polled")), "bbb1's poll learns the meeting");
    }

    @Test
    void theHistoryTimerSamplesEveryNode() {
        // the timer's first sample is taken as the routes start; the registry's figures, no node asked
        NodeHistory history = bean("nodeHistory", NodeHistory.class);
        await(() -> history.series().size() == 2 && history.series().get(0).times().length > 0,
                "a sample of bbb1 and bbb2");
    }

    @Test
    void theTimerPollsTakeADeadNodeOutAndBackIn() {
        node(1).down(true);
        try {
            await(() -> !registry().canServe("bbb2"), "bbb2 offline");
        } finally {
            node(1).down(false);
        }
        await(() -> registry().canServe("bbb2"), "bbb2 online again");
    }

    @Test
    void anEditOfTheInventoryFileIsAppliedWithoutARestart() throws IOException {
        Path inventory = Path.of(context.getPropertiesComponent().resolveProperty("caravan.inventory").orElseThrow());
        String original = Files.readString(inventory);
        try {
            Files.writeString(inventory, original.replace("  - name: bbb2\n", "  - name: bbb2\n    state: cordoned\n"));
            await(() -> registry().node("bbb2").orElseThrow().state() == NodeState.CORDONED, "bbb2 cordoned");
        } finally {
            Files.writeString(inventory, original);
        }
        await(() -> registry().node("bbb2").orElseThrow().state() == NodeState.ENABLED, "bbb2 enabled again");
    }
}
