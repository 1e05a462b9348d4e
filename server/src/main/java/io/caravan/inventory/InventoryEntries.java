package io.caravan.inventory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What every section of the inventory file shares: a list of named entries, each a mapping with only known keys, and
 * their typed values. Every problem names the file and the entry ("inventory.yaml: nodes[2] (bbb3)").
 */
final class InventoryEntries {

    private InventoryEntries() {
    }

    /** A list of non-empty strings; a single string is a list of one. */
    static List<String> texts(JsonNode entry, String key, String where) {
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
    static int limit(JsonNode entry, String key, String where) {
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

    static void httpUrl(String url, String where) {
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

    static JsonNode list(JsonNode root, String key, String source) {
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
    record Entry(JsonNode node, String name, String where) {
    }

    /** The entries of a list section; {@code where} names each one ("inventory.yaml: nodes[2] (bbb3)"). */
    static List<Entry> entries(JsonNode root, String key, Set<String> allowedKeys, String source) {
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

    static void requireObject(JsonNode entry, String where) {
        if (entry == null || !entry.isObject()) {
            throw new InventoryError(where + ": expected a mapping");
        }
    }

    static void checkKeys(JsonNode entry, Set<String> allowed, String where) {
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new InventoryError(where + ": unknown key '" + key + "' (allowed: " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    static String requiredText(JsonNode entry, String key, String where) {
        String text = optionalText(entry, key, null, where);
        if (text == null || text.isBlank()) {
            throw new InventoryError(where + ": '" + key + "' is required");
        }
        return text.trim();
    }

    static String optionalText(JsonNode entry, String key, String fallback, String where) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw new InventoryError(where + ": '" + key + "' must be a single value");
        }
        return value.asText();
    }

    static double number(JsonNode entry, String key, double fallback, String where) {
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
