package io.caravan.nodes;
import java.time.Instant;
import java.util.List;

import io.caravan.bbb.PolledMeeting;
import io.caravan.inventory.Node;

/**
 * What Caravan knows about a node right now.
 *
 * @param node       the node as declared
 * @param online     reachable and answering, after hysteresis
 * @param suspect    API calls to it failed since its last good poll (passive health): no new meetings go there
 * @param meetings   meetings of its last successful poll
 * @param attendees  attendees of its last successful poll
 * @param cpu        CPU load 0..10000 from its load URL (0 when it has none)
 * @param load       the placement load, including placements made since the last poll
 * @param latency    the exponentially weighted average latency of its calls, in seconds
 * @param lastPollAt when it was last polled (null: never)
 * @param lastError  why its last poll failed (null: it did not)
 * @param version    the BBB version the node reports (null: not known yet)
 */
public record NodeStatus(Node node, boolean online, boolean suspect, List<PolledMeeting> meetings, int attendees,
        int cpu, double load, double latency, Instant lastPollAt, String lastError, String version) {
}
