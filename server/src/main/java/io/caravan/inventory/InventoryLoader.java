package io.caravan.inventory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    private static final Set<String> TENANT_KEYS = Set.of("name", "secrets", "hostnames", "max-meetings",
            "max-attendees", "clusters", "parameters", "slide", "logo", "stats-token");
    private static final int MIN_STATS_TOKEN = 16;
    private static final Set<String> RULE_KINDS = Set.of("default", "override", "block");
    /** A tenant's name is the namespace of its meetings and a path segment: no separator, nothing to escape. */
    private static final java.util.regex.Pattern TENANT_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final java.util.regex.Pattern HOSTNAME =
            java.util.regex.Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Set<String> NODE_KEYS =
            Set.of("name", "url", "secret", "cluster", "state", "tags", "load-factor", "checksum", "load-url");
    private static final Set<String> CLUSTER_KEYS = Set.of("name", "f_atn", "f_mtg", "cpu_max", "cpu_order", "checksum");

    private final ChecksumAlgorithm defaultChecksum;

    public InventoryLoader(ChecksumAlgorithm defaultChecksum) {
        this.defaultChecksum = defaultChecksum;
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
        checkKeys(root, TOP_KEYS, source);

        Map<String, Cluster> clusters = new LinkedHashMap<>();
        Map<String, ChecksumAlgorithm> clusterChecksums = new LinkedHashMap<>();
        clusters.put(Cluster.DEFAULT, Cluster.defaults(Cluster.DEFAULT));
        for (Entry named : entries(root, "clusters", CLUSTER_KEYS, source)) {
            JsonNode entry = named.node();
            String name = named.name();
            String where = named.where();
            if (clusters.containsKey(name) && !name.equals(Cluster.DEFAULT) || clusterChecksums.containsKey(name)) {
                throw new InventoryError(where + ": duplicate cluster name");
            }
            LoadFormula d = LoadFormula.DEFAULTS;
            try {
                clusters.put(name, new Cluster(name, new LoadFormula(
                        number(entry, "f_atn", d.attendeeWeight(), where),
                        number(entry, "f_mtg", d.meetingWeight(), where),
                        number(entry, "cpu_max", d.cpuMax(), where),
                        (int) number(entry, "cpu_order", d.cpuOrder(), where))));
            } catch (IllegalArgumentException e) {
                throw new InventoryError(where + ": " + e.getMessage());
            }
            clusterChecksums.put(name, checksum(entry, defaultChecksum, where));
        }

        List<Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Entry named : entries(root, "nodes", NODE_KEYS, source)) {
            JsonNode entry = named.node();
            String name = named.name();
            String where = named.where();
            if (!names.add(name)) {
                throw new InventoryError(where + ": duplicate node name");
            }
            String cluster = optionalText(entry, "cluster", Cluster.DEFAULT, where);
            if (!clusters.containsKey(cluster)) {
                throw new InventoryError(where + ": unknown cluster '" + cluster + "' (declare it under clusters:)");
            }
            NodeState state;
            try {
                state = NodeState.parse(optionalText(entry, "state", "enabled", where));
            } catch (IllegalArgumentException e) {
                throw new InventoryError(where + ": " + e.getMessage());
            }
            double loadFactor = number(entry, "load-factor", 1.0, where);
            if (loadFactor <= 0) {
                throw new InventoryError(where + ": load-factor must be greater than 0, was " + loadFactor);
            }
            String loadUrl = optionalText(entry, "load-url", null, where);
            if (loadUrl != null) {
                httpUrl(loadUrl, where + ": load-url");
            }
            nodes.add(new Node(name,
                    apiUrl(requiredText(entry, "url", where), where),
                    requiredText(entry, "secret", where),
                    cluster, state, tags(entry, where), loadFactor,
                    checksum(entry, clusterChecksums.getOrDefault(cluster, defaultChecksum), where),
                    loadUrl));
        }
        return new Inventory(nodes, clusters, tenants(root, clusters, source),
                parameterRules(root, source + ": parameters"));
    }

    private static List<Tenant> tenants(JsonNode root, Map<String, Cluster> clusters, String source) {
        List<Tenant> tenants = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> hostOwners = new HashMap<>();
        Set<String> statsTokens = new HashSet<>();
        for (Entry named : entries(root, "tenants", TENANT_KEYS, source)) {
            JsonNode entry = named.node();
            String name = named.name();
            String where = named.where();
            if (!TENANT_NAME.matcher(name).matches()) {
                throw new InventoryError(where + ": name may hold only letters, digits, '.', '_' and '-' "
                        + "(it is the namespace of the tenant's meetings and a URL path segment)");
            }
            if (!names.add(name)) {
                throw new InventoryError(where + ": duplicate tenant name");
            }
            List<String> secrets = texts(entry, "secrets", where);
            if (secrets.isEmpty()) {
                throw new InventoryError(where + ": 'secrets' is required (one or more; several during a rollover)");
            }
            List<String> hostnames = new ArrayList<>();
            for (String host : texts(entry, "hostnames", where)) {
                String lower = host.toLowerCase(Locale.ROOT);
                if (!HOSTNAME.matcher(lower).matches()) {
                    throw new InventoryError(where + ": hostname '" + host + "' is not a host name "
                            + "(no scheme, port or path)");
                }
                String owner = hostOwners.putIfAbsent(lower, name);
                if (owner != null) {
                    throw new InventoryError(where + ": hostname '" + lower + "' is already tenant '" + owner + "''s");
                }
                hostnames.add(lower);
            }
            List<String> tenantClusters = texts(entry, "clusters", where);
            for (String cluster : tenantClusters) {
                if (!clusters.containsKey(cluster)) {
                    throw new InventoryError(where + ": unknown cluster '" + cluster
                            + "' in 'clusters' (declare it under clusters:)");
                }
            }
            String slide = optionalText(entry, "slide", null, where);
            if (slide != null) {
                httpUrl(slide.trim(), where + ": slide");
            }
            String logo = optionalText(entry, "logo", null, where);
            if (logo != null) {
                httpUrl(logo.trim(), where + ": logo");
            }
            String statsToken = optionalText(entry, "stats-token", null, where);
            if (statsToken != null) {
                statsToken = statsToken.trim();
                // it opens the tenant's figures over HTTP: no guessable value, and never two tenants with one
                if (statsToken.length() < MIN_STATS_TOKEN || statsToken.chars().anyMatch(Character::isWhitespace)) {
                    throw new InventoryError(where + ": 'stats-token' must be at least " + MIN_STATS_TOKEN
                            + " characters without spaces");
                }
                if (!statsTokens.add(statsToken)) {
                    throw new InventoryError(where + ": 'stats-token' is already another tenant's");
                }
            }
            tenants.add(new Tenant(name, secrets, hostnames, limit(entry, "max-meetings", where),
                    limit(entry, "max-attendees", where), tenantClusters,
                    parameterRules(entry, where + ": parameters"), slide == null ? null : slide.trim(),
                    logo == null ? null : logo.trim(), statsToken));
        }
        return tenants;
    }

    /** {@code parameters: {create: {default: {..}, override: {..}, block: [..]}, join: {..}}} of an entry. */
    private static ParameterRules parameterRules(JsonNode entry, String where) {
        JsonNode value = entry.get("parameters");
        if (value == null || value.isNull()) {
            return ParameterRules.NONE;
        }
        requireObject(value, where);
        checkKeys(value, ParameterRules.CALLS, where);
        Map<String, CallRules> calls = new LinkedHashMap<>();
        for (String call : ParameterRules.CALLS) {
            JsonNode rules = value.get(call);
            if (rules == null || rules.isNull()) {
                continue;
            }
            String at = where + "." + call;
            requireObject(rules, at);
            checkKeys(rules, RULE_KINDS, at);
            List<String> blocked = texts(rules, "block", at);
            blocked.forEach(name -> notReserved(name, at + ".block"));
            calls.put(call, new CallRules(values(rules, "default", at), values(rules, "override", at),
                    new java.util.LinkedHashSet<>(blocked)));
        }
        return new ParameterRules(calls);
    }

    private static Map<String, String> values(JsonNode rules, String key, String where) {
        JsonNode value = rules.get(key);
        Map<String, String> result = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return result;
        }
        String at = where + "." + key;
        requireObject(value, at);
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            notReserved(field.getKey(), at);
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw new InventoryError(at + ": '" + field.getKey() + "' must be a single value (quote it: \"true\")");
            }
            result.put(field.getKey(), field.getValue().asText());
        }
        return result;
    }

    private static void notReserved(String name, String where) {
        if (ParameterRules.RESERVED.contains(name)) {
            throw new InventoryError(where + ": '" + name + "' cannot be changed by a rule (Caravan sets it)");
        }
    }

    /** A list of non-empty strings; a single string is a list of one. */
    private static List<String> texts(JsonNode entry, String key, String where) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (JsonNode item : value.isArray() ? value : List.of(value)) {
            if (!item.isValueNode() || item.asText().isBlank()) {
                throw new InventoryError(where + ": '" + key + "' must be non-empty strings");
            }
            result.add(item.asText().trim());
        }
        return result;
    }

    /** An optional positive whole number; absent means no limit (0). */
    private static int limit(JsonNode entry, String key, String where) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw new InventoryError(where + ": '" + key + "' must be a whole number of at least 1, was '"
                    + value.asText() + "'");
        }
        return value.asInt();
    }

    /**
     * Accepts what {@code bbb-conf --secret} prints (https://host/bigbluebutton/) as well as the API URL itself
     * (https://host/bigbluebutton/api), and always answers the latter.
     */
    public static String apiUrl(String url, String where) {
        String trimmed = url.trim();
        httpUrl(trimmed, where + ": url");
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.endsWith("/api") ? trimmed : trimmed + "/api";
    }

    private static void httpUrl(String url, String where) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getQuery() != null) {
                throw new InventoryError(where + " '" + url + "' is not an http(s) URL with a host and no query");
            }
        } catch (URISyntaxException e) {
            throw new InventoryError(where + " '" + url + "' is not a valid URL: " + e.getReason());
        }
    }

    private static ChecksumAlgorithm checksum(JsonNode entry, ChecksumAlgorithm fallback, String where) {
        String text = optionalText(entry, "checksum", null, where);
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

    private static JsonNode list(JsonNode root, String key, String source) {
        JsonNode list = root.get(key);
        if (list == null || list.isNull()) {
            return new ObjectMapper().createArrayNode();
        }
        if (!list.isArray()) {
            throw new InventoryError(source + ": '" + key + "' must be a list");
        }
        return list;
    }

    /** One entry of a list section, already checked to be a mapping with a name and only known keys. */
    private record Entry(JsonNode node, String name, String where) {
    }

    /** The entries of a list section; {@code where} names each one ("inventory.yaml: nodes[2] (bbb3)"). */
    private static List<Entry> entries(JsonNode root, String key, Set<String> allowedKeys, String source) {
        JsonNode list = list(root, key, source);
        List<Entry> entries = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String where = source + ": " + key + "[" + i + "]";
            requireObject(entry, where);
            String name = requiredText(entry, "name", where);
            where += " (" + name + ")";
            checkKeys(entry, allowedKeys, where);
            entries.add(new Entry(entry, name, where));
        }
        return entries;
    }

    private static void requireObject(JsonNode entry, String where) {
        if (entry == null || !entry.isObject()) {
            throw new InventoryError(where + ": expected a mapping");
        }
    }

    private static void checkKeys(JsonNode entry, Set<String> allowed, String where) {
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new InventoryError(where + ": unknown key '" + key + "' (allowed: " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String requiredText(JsonNode entry, String key, String where) {
        String text = optionalText(entry, key, null, where);
        if (text == null || text.isBlank()) {
            throw new InventoryError(where + ": '" + key + "' is required");
        }
        return text.trim();
    }

    private static String optionalText(JsonNode entry, String key, String fallback, String where) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw new InventoryError(where + ": '" + key + "' must be a single value");
        }
        return value.asText();
    }

    private static double number(JsonNode entry, String key, double fallback, String where) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return Double.parseDouble(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new InventoryError(where + ": '" + key + "' must be a number, was '" + value.asText() + "'");
        }
    }
}
