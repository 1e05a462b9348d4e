package io.caravan.inventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.caravan.bbb.ChecksumAlgorithm;

/**
 * Reads and validates the inventory file. Every mistake is reported with the file and the entry it is in, because
 * the operator fixing it at 3 a.m. should not have to guess; unknown keys are mistakes too (a typo in
 * {@code load-factor} must not silently fall back to the default).
 */
public final class InventoryLoader {

    private static final Set<String> TOP_KEYS = Set.of("nodes", "clusters", "tenants", "parameters");
    private static final Set<String> NODE_KEYS =
            Set.of("name", "url", "secret", "cluster", "state", "tags", "load-factor", "checksum", "load-url",
                    "cordon", "maintenance");
    private static final Set<String> CLUSTER_KEYS = Set.of("name", "f_atn", "f_mtg", "cpu_max", "cpu_order", "checksum");

    /** caravan.maintenance.min-repeat's default, for loaders built without settings (tests, tools). */
    public static final Duration MIN_REPEAT = Duration.ofMinutes(1);

    private final ChecksumAlgorithm defaultChecksum;
    private final Duration minRepeat;

    public InventoryLoader(ChecksumAlgorithm defaultChecksum) {
        this(defaultChecksum, MIN_REPEAT);
    }

    /** @param minRepeat caravan.maintenance.min-repeat: the shortest repeat of a cordon's chat message */
    public InventoryLoader(ChecksumAlgorithm defaultChecksum, Duration minRepeat) {
        this.defaultChecksum = defaultChecksum;
        this.minRepeat = minRepeat;
    }

    public Inventory load(Path file) {
        return read(tree(file), file.toString());
    }

    public Inventory parse(String yaml, String source) {
        return read(tree(yaml, source), source);
    }

    /** The inventory file as a YAML tree, unvalidated: the admin API overlays its changes on it before reading. */
    public JsonNode tree(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InventoryError("inventory file " + file.toAbsolutePath()
                    + " not found (set caravan.inventory to its path)");
        }
        try {
            return tree(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new InventoryError("cannot read inventory file " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode tree(String yaml, String source) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new InventoryError(source + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    /**
     * Validates an inventory tree (the file's, or the file with the admin API's changes) into an inventory. The one
     * validator for nodes however they were declared.
     */
    public Inventory read(JsonNode root, String source) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Inventory(List.of(), Map.of(Cluster.DEFAULT, Cluster.defaults(Cluster.DEFAULT)));
        }
        if (!root.isObject()) {
            throw new InventoryError(source + ": expected a mapping with 'nodes', 'clusters' and 'tenants'");
        }
        InventoryEntries.checkKeys(root, TOP_KEYS, source);

        Map<String, Cluster> clusters = new LinkedHashMap<>();
        Map<String, ChecksumAlgorithm> clusterChecksums = new LinkedHashMap<>();
        clusters.put(Cluster.DEFAULT, Cluster.defaults(Cluster.DEFAULT));
        for (InventoryEntries.Entry named : InventoryEntries.entries(root, "clusters", CLUSTER_KEYS, source)) {
            JsonNode entry = named.node();
            String name = named.name();
            String where = named.where();
            if (clusters.containsKey(name) && !name.equals(Cluster.DEFAULT) || clusterChecksums.containsKey(name)) {
                throw new InventoryError(where + ": duplicate cluster name");
            }
            LoadFormula d = LoadFormula.DEFAULTS;
            try {
                clusters.put(name, new Cluster(name, new LoadFormula(
                        InventoryEntries.number(entry, "f_atn", d.attendeeWeight(), where),
                        InventoryEntries.number(entry, "f_mtg", d.meetingWeight(), where),
                        InventoryEntries.number(entry, "cpu_max", d.cpuMax(), where),
                        (int) InventoryEntries.number(entry, "cpu_order", d.cpuOrder(), where))));
            } catch (IllegalArgumentException e) {
                throw new InventoryError(where + ": " + e.getMessage());
            }
            clusterChecksums.put(name, checksum(entry, defaultChecksum, where));
        }

        List<Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (InventoryEntries.Entry named : InventoryEntries.entries(root, "nodes", NODE_KEYS, source)) {
            JsonNode entry = named.node();
            String name = named.name();
            String where = named.where();
            if (!names.add(name)) {
                throw new InventoryError(where + ": duplicate node name");
            }
            String cluster = InventoryEntries.optionalText(entry, "cluster", Cluster.DEFAULT, where);
            if (!clusters.containsKey(cluster)) {
                throw new InventoryError(where + ": unknown cluster '" + cluster + "' (declare it under clusters:)");
            }
            NodeState state;
            try {
                state = NodeState.parse(InventoryEntries.optionalText(entry, "state", "enabled", where));
            } catch (IllegalArgumentException e) {
                throw new InventoryError(where + ": " + e.getMessage());
            }
            double loadFactor = InventoryEntries.number(entry, "load-factor", 1.0, where);
            if (loadFactor <= 0) {
                throw new InventoryError(where + ": load-factor must be greater than 0, was " + loadFactor);
            }
            String loadUrl = InventoryEntries.optionalText(entry, "load-url", null, where);
            if (loadUrl != null) {
                InventoryEntries.httpUrl(loadUrl, where + ": load-url");
            }
            nodes.add(new Node(name,
                    apiUrl(InventoryEntries.requiredText(entry, "url", where), where),
                    InventoryEntries.requiredText(entry, "secret", where),
                    cluster, state, tags(entry, where), loadFactor,
                    checksum(entry, clusterChecksums.getOrDefault(cluster, defaultChecksum), where),
                    loadUrl, MaintenanceEntries.cordon(entry, state, minRepeat, where),
                    MaintenanceEntries.windows(entry, minRepeat, where)));
        }
        return new Inventory(nodes, clusters, TenantEntries.tenants(root, clusters, source),
                ParameterRuleEntries.parameterRules(root, source + ": parameters"));
    }

    /**
     * Accepts what {@code bbb-conf --secret} prints (https://host/bigbluebutton/) as well as the API URL itself
     * (https://host/bigbluebutton/api), and always answers the latter.
     */
    public static String apiUrl(String url, String where) {
        String trimmed = url.trim();
        InventoryEntries.httpUrl(trimmed, where + ": url");
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.endsWith("/api") ? trimmed : trimmed + "/api";
    }

    private static ChecksumAlgorithm checksum(JsonNode entry, ChecksumAlgorithm fallback, String where) {
        String text = InventoryEntries.optionalText(entry, "checksum", null, where);
        if (text == null) {
            return fallback;
        }
        try {
            return ChecksumAlgorithm.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InventoryError(where + ": " + e.getMessage());
        }
    }

    private static List<String> tags(JsonNode entry, String where) {
        JsonNode tags = entry.get("tags");
        if (tags == null || tags.isNull()) {
            return List.of();
        }
        if (!tags.isArray()) {
            throw new InventoryError(where + ": tags must be a list");
        }
        List<String> result = new ArrayList<>();
        tags.forEach(t -> {
            if (!t.isValueNode() || t.asText().isBlank()) {
                throw new InventoryError(where + ": tags must be non-empty strings");
            }
            result.add(t.asText().trim());
        });
        return result;
    }

}
