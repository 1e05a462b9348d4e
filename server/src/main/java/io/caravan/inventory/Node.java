package io.caravan.inventory;
import java.util.List;

import io.caravan.bbb.ChecksumAlgorithm;

/**
 * A BBB node as the inventory declares it.
 *
 * @param name       unique name, used in logs, metrics and the admin API
 * @param apiUrl     the node's API base, always ending in {@code /api} (e.g. https://bbb1/bigbluebutton/api)
 * @param secret     the node's shared secret (never logged or shown)
 * @param cluster    the cluster whose load tunables apply
 * @param state      what the operator allows it to do
 * @param tags       free-form labels used by placement rules
 * @param loadFactor multiplies the computed load: above 1 for weaker machines, below 1 for stronger ones
 * @param checksum   the algorithm Caravan signs calls to this node with
 * @param loadUrl    optional URL answering the node's CPU load as a plain integer 0..10000 (B3LB style)
 * @param cordon      what its cordon carries (a chat message, disable when empty); {@link CordonNotice#NONE} unless
 *                    cordoned with one
 * @param maintenance its maintenance windows scheduled ahead
 */
public record Node(String name, String apiUrl, String secret, String cluster, NodeState state, List<String> tags,
        double loadFactor, ChecksumAlgorithm checksum, String loadUrl, CordonNotice cordon,
        List<MaintenanceWindow> maintenance) {

    public Node {
        tags = List.copyOf(tags);
        maintenance = List.copyOf(maintenance);
    }

    /** A node without cordon notice or maintenance windows. */
    public Node(String name, String apiUrl, String secret, String cluster, NodeState state, List<String> tags,
            double loadFactor, ChecksumAlgorithm checksum, String loadUrl) {
        this(name, apiUrl, secret, cluster, state, tags, loadFactor, checksum, loadUrl, CordonNotice.NONE, List.of());
    }

    public Node withState(NodeState newState) {
        return new Node(name, apiUrl, secret, cluster, newState, tags, loadFactor, checksum, loadUrl,
                newState == NodeState.CORDONED ? cordon : CordonNotice.NONE, maintenance);
    }

    /** The URL of one API call, signed for this node. */
    public String callUrl(String call, String signedQuery) {
        return apiUrl + "/" + call + (signedQuery.isEmpty() ? "" : "?" + signedQuery);
    }

    @Override
    public String toString() {
        // records print every component; the secret must never reach a log line
        return "Node[" + name + " " + apiUrl + " " + state.configName() + "]";
    }
}
