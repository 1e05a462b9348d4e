package io.caravan.inventory;
import java.util.List;
import java.util.Map;


/** The declared nodes, clusters, tenants and global parameter rules, validated. */
public record Inventory(List<Node> nodes, Map<String, Cluster> clusters, List<Tenant> tenants,
        ParameterRules parameters) {

    public Inventory {
        nodes = List.copyOf(nodes);
        clusters = Map.copyOf(clusters);
        tenants = List.copyOf(tenants);
        parameters = parameters == null ? ParameterRules.NONE : parameters;
    }

    public Inventory(List<Node> nodes, Map<String, Cluster> clusters, List<Tenant> tenants) {
        this(nodes, clusters, tenants, ParameterRules.NONE);
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
