package io.caravan.nodes;

import java.util.List;
import java.util.Map;

/** The declared nodes and clusters, validated. */
public record Inventory(List<Node> nodes, Map<String, Cluster> clusters) {

    public Inventory {
        nodes = List.copyOf(nodes);
        clusters = Map.copyOf(clusters);
    }

    public Cluster cluster(String name) {
        Cluster cluster = clusters.get(name);
        return cluster != null ? cluster : Cluster.defaults(name);
    }
}
