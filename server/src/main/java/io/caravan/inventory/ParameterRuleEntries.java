package io.caravan.inventory;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Parameter rules ({@code parameters:} at the top of the inventory or of a tenant): per call, values to default, to
 * override, numeric parameters to cap, and parameters to block. Parameters Caravan sets itself cannot be changed by a
 * rule.
 */
final class ParameterRuleEntries {

    private static final Set<String> RULE_KINDS = Set.of("default", "override", "cap", "block");

    private ParameterRuleEntries() {
    }

    /** {@code parameters: {create: {default: {..}, override: {..}, cap: {..}, block: [..]}, join: {..}}} of an entry. */
    static ParameterRules parameterRules(JsonNode entry, String where) {
        JsonNode value = entry.get("parameters");
        if (value == null || value.isNull()) {
            return ParameterRules.NONE;
        }
        InventoryEntries.requireObject(value, where);
        InventoryEntries.checkKeys(value, ParameterRules.CALLS, where);
        Map<String, CallRules> calls = new LinkedHashMap<>();
        for (String call : ParameterRules.CALLS) {
            JsonNode rules = value.get(call);
            if (rules == null || rules.isNull()) {
                continue;
            }
            String at = where + "." + call;
            InventoryEntries.requireObject(rules, at);
            InventoryEntries.checkKeys(rules, RULE_KINDS, at);
            List<String> blocked = InventoryEntries.texts(rules, "block", at);
            blocked.forEach(name -> notReserved(name, at + ".block"));
            calls.put(call, new CallRules(values(rules, "default", at), values(rules, "override", at),
                    new java.util.LinkedHashSet<>(blocked), caps(rules, call, at)));
        }
        return new ParameterRules(calls);
    }

    static Map<String, String> values(JsonNode rules, String key, String where) {
        JsonNode value = rules.get(key);
        Map<String, String> result = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return result;
        }
        String at = where + "." + key;
        InventoryEntries.requireObject(value, at);
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

    /** {@code cap: {duration: 240}}: each a parameter of {@link ParameterRules#CAPPABLE}, each a whole number >= 1. */
    static Map<String, Integer> caps(JsonNode rules, String call, String where) {
        Map<String, Integer> caps = new LinkedHashMap<>();
        String at = where + ".cap";
        Set<String> cappable = ParameterRules.CAPPABLE.getOrDefault(call, Set.of());
        values(rules, "cap", where).forEach((name, value) -> {
            if (!cappable.contains(name)) {
                throw new InventoryError(at + ": '" + name + "' cannot be capped; a cap applies to "
                        + (cappable.isEmpty() ? "no " + call + " parameter"
                                : String.join(" and ", new java.util.TreeSet<>(cappable)))
                        + " (numeric, where none or 0 means no limit)");
            }
            int cap;
            try {
                cap = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                cap = 0;
            }
            if (cap < 1) {
                throw new InventoryError(at + ": '" + name + "' must be a whole number of at least 1, was '" + value
                        + "'");
            }
            caps.put(name, cap);
        });
        return caps;
    }

    static void notReserved(String name, String where) {
        if (ParameterRules.RESERVED.contains(name)) {
            throw new InventoryError(where + ": '" + name + "' cannot be changed by a rule (Caravan sets it)");
        }
    }
}
