package io.caravan.inventory;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What Caravan changes in one call's parameters before a node (or, for join, the browser) sees them.
 *
 * @param defaults  set when the client did not send the parameter
 * @param overrides always set, replacing what the client sent
 * @param blocked   removed, whatever the client or another rule set
 * @param caps      the highest value of a numeric parameter ({@link ParameterRules#CAPPABLE}): a higher value, or
 *                  none (bbb-web's "no limit"), is sent as the cap
 */
public record CallRules(Map<String, String> defaults, Map<String, String> overrides, Set<String> blocked,
        Map<String, Integer> caps) {

    public static final CallRules NONE = new CallRules(Map.of(), Map.of(), Set.of());

    public CallRules {
        defaults = Map.copyOf(defaults);
        overrides = Map.copyOf(overrides);
        blocked = Set.copyOf(blocked);
        caps = Map.copyOf(caps);
    }

    public CallRules(Map<String, String> defaults, Map<String, String> overrides, Set<String> blocked) {
        this(defaults, overrides, blocked, Map.of());
    }

    public boolean isEmpty() {
        return defaults.isEmpty() && overrides.isEmpty() && blocked.isEmpty() && caps.isEmpty();
    }

    /**
     * These (global) rules with more specific (tenant) rules on top: for the same parameter the specific default or
     * override or cap wins, and the blocks of both apply.
     */
    public CallRules with(CallRules specific) {
        Map<String, String> d = new LinkedHashMap<>(defaults);
        d.putAll(specific.defaults);
        Map<String, String> o = new LinkedHashMap<>(overrides);
        o.putAll(specific.overrides);
        Set<String> b = new LinkedHashSet<>(blocked);
        b.addAll(specific.blocked);
        Map<String, Integer> c = new LinkedHashMap<>(caps);
        c.putAll(specific.caps);
        return new CallRules(d, o, b, c);
    }

    /** These rules with one more default that an explicit default of the same parameter takes precedence over. */
    public CallRules withFallbackDefault(String name, String value) {
        Map<String, String> d = new LinkedHashMap<>(defaults);
        d.putIfAbsent(name, value);
        return new CallRules(d, overrides, blocked, caps);
    }
}
