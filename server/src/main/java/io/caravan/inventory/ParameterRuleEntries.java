package io.caravan.inventory;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Parameter rules ({@code parameters:} at the top of the inventory or of a tenant): per call, values to default, to
 * override, and parameters to block. Parameters Caravan sets itself cannot be changed by a rule.
 */
final class ParameterRuleEntries {

    private static final Set<String> RULE_KINDS = Set.of("default", "override", "block");

    private ParameterRuleEntries() {
    }

    /** {@code parameters: {create: {default: {..}, override: {..}, block: [..]}, join: {..}}} of an entry. */
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
                    new java.util.LinkedHashSet<>(blocked)));
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

    static void notReserved(String name, String where) {
        if (ParameterRules.RESERVED.contains(name)) {
            throw new InventoryError(where + ": '" + name + "' cannot be changed by a rule (Caravan sets it)");
        }
    }
}
