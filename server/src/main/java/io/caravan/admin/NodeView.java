package io.caravan.admin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.caravan.inventory.NodeState;

import io.caravan.inventory.Node;
import io.caravan.nodes.NodeStatus;

/**
 * A node as the admin API shows it: its declaration and its health, never its secret.
 *
 * @param lastPollAt ISO-8601, or null when it was never polled
 * @param lastError  why its last poll failed, or null
 * @param version    the node's BBB version, or null while not known
 * @param recordings how many recordings the recordings index holds for the node
 * @param suspect    passive health doubts the node (failed calls or a failed poll): no new meetings go there
 * @param latencyMs  the average latency of its calls, in milliseconds, as placement weighs it
 * @param cordon     a cordoned node's notice: message (or null), repeat (or null), disableWhenEmpty; null when the
 *                   node is not cordoned
 * @param maintenanceWindows how many maintenance windows it has (listed at /admin/api/nodes/{name}/maintenance)
 */
public record NodeView(String name, String url, String cluster, String state, boolean online, int meetings,
        int attendees, int cpu, double load, List<String> tags, double loadFactor, String checksum, String loadUrl,
        String lastPollAt, String lastError, String version, int recordings, boolean suspect, double latencyMs,
        Map<String, Object> cordon, int maintenanceWindows) {

    public static NodeView of(NodeStatus status, int recordings) {
        Node node = status.node();
        return new NodeView(node.name(), node.apiUrl(), node.cluster(), node.state().configName(), status.online(),
                status.meetings().size(), status.attendees(), status.cpu(), status.load(), node.tags(),
                node.loadFactor(), node.checksum().name().toLowerCase(java.util.Locale.ROOT), node.loadUrl(),
                status.lastPollAt() == null ? null : status.lastPollAt().toString(), status.lastError(), status.version(),
                recordings, status.suspect(), Math.round(status.latency() * 10_000) / 10.0, cordon(node),
                node.maintenance().size());
    }

    private static Map<String, Object> cordon(Node node) {
        if (node.state() != NodeState.CORDONED) {
            return null;
        }
        Map<String, Object> cordon = new LinkedHashMap<>();
        cordon.put("message", node.cordon().message());
        cordon.put("repeat", node.cordon().repeatText());
        cordon.put("disableWhenEmpty", node.cordon().disableWhenEmpty());
        return cordon;
    }
}
