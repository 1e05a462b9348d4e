package io.caravan.inventory;


/**
 * A group of nodes sharing load tunables.
 *
 * @param name        unique name
 * @param loadFormula how load is computed for its nodes
 */
public record Cluster(String name, LoadFormula loadFormula) {

    public static final String DEFAULT = "default";

    public static Cluster defaults(String name) {
        return new Cluster(name, LoadFormula.DEFAULTS);
    }
}
