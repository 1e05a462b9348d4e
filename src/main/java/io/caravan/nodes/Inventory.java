package io.caravan.nodes;

import java.util.List;
import java.util.Map;

import io.caravan.tenants.Tenant;

/** The declared nodes, clusters and tenants, validated. */
public record Inventory(List<Node> nodes, Map<String, Cluster> clusters, List<Tenant> tenants) {

    public Inventory {
        nodes = List.copyOf(nodes);
        clusters = Map.copyOf(clusters);
        tenants = List.copyOf(tenants);
    }

    /** An inventory without tenants. */
    public Inventory(List<Node> nodes, Map<String, Cluster> clusters) {
        this(nodes, clusters, List.of());
    }

    public Cluster cluster(String name) {
        Cluster cluster = clusters.get(name);
        return cluster != null ? cluster : Cluster.defaults(name);
    }
}
