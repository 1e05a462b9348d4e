package io.caravan.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code tenants:} section of the inventory file: names, secrets, hostnames, limits, clusters, parameter rules,
 * slide, logo, stats token and recordings retention of each tenant, validated across tenants (no hostname or stats token twice).
 */
final class TenantEntries {

    private static final Set<String> TENANT_KEYS = Set.of("name", "secrets", "hostnames", "max-meetings",
            "max-attendees", "clusters", "parameters", "slide", "logo", "stats-token", "retention");
    private static final Set<String> RETENTION_KEYS = Set.of("unpublish-after", "delete-after");

    private static final int MIN_STATS_TOKEN = 16;

    /** A tenant's name is the namespace of its meetings and a path segment: no separator, nothing to escape. */
    private static final Pattern TENANT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private static final Pattern HOSTNAME =
            Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    private TenantEntries() {
    }

    static List<Tenant> tenants(JsonNode root, Map<String, Cluster> clusters, String source) {
        List<Tenant> tenants = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> hostOwners = new HashMap<>();
        Set<String> statsTokens = new HashSet<>();
        for (InventoryEntries.Entry named : InventoryEntries.entries(root, "tenants", TENANT_KEYS, source)) {
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
            List<String> secrets = InventoryEntries.texts(entry, "secrets", where);
            if (secrets.isEmpty()) {
                throw new InventoryError(where + ": 'secrets' is required (one or more; several during a rollover)");
            }
            List<String> hostnames = new ArrayList<>();
            for (String host : InventoryEntries.texts(entry, "hostnames", where)) {
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
            List<String> tenantClusters = InventoryEntries.texts(entry, "clusters", where);
            for (String cluster : tenantClusters) {
                if (!clusters.containsKey(cluster)) {
                    throw new InventoryError(where + ": unknown cluster '" + cluster
                            + "' in 'clusters' (declare it under clusters:)");
                }
            }
            String slide = InventoryEntries.optionalText(entry, "slide", null, where);
            if (slide != null) {
                InventoryEntries.httpUrl(slide.trim(), where + ": slide");
            }
            String logo = InventoryEntries.optionalText(entry, "logo", null, where);
            if (logo != null) {
                InventoryEntries.httpUrl(logo.trim(), where + ": logo");
            }
            String statsToken = InventoryEntries.optionalText(entry, "stats-token", null, where);
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
            tenants.add(new Tenant(name, secrets, hostnames, InventoryEntries.limit(entry, "max-meetings", where),
                    InventoryEntries.limit(entry, "max-attendees", where), tenantClusters,
                    ParameterRuleEntries.parameterRules(entry, where + ": parameters"), slide == null ? null : slide.trim(),
                    logo == null ? null : logo.trim(), statsToken, retention(entry, where)));
        }
        return tenants;
    }

    /** {@code retention: {unpublish-after: 30d, delete-after: 365d}}; a rule left out is the global one. */
    private static Retention retention(JsonNode entry, String where) {
        JsonNode retention = entry.get("retention");
        if (retention == null || retention.isNull()) {
            return Retention.NONE;
        }
        String here = where + ": retention";
        InventoryEntries.requireObject(retention, here);
        InventoryEntries.checkKeys(retention, RETENTION_KEYS, here);
        return new Retention(period(retention, "unpublish-after", here), period(retention, "delete-after", here));
    }

    private static Optional<Duration> period(JsonNode retention, String key, String where) {
        String text = InventoryEntries.optionalText(retention, key, null, where);
        if (text == null) {
            return Optional.empty();
        }
        if (text.isBlank()) {
            throw new InventoryError(where + ": '" + key + "' must be a number of days such as 90d (leave it out "
                    + "for the global rule)");
        }
        try {
            return Retention.days(text);
        } catch (IllegalArgumentException e) {
            throw new InventoryError(where + ": '" + key + "' " + e.getMessage());
        }
    }
}
