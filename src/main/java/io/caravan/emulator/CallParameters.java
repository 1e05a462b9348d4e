package io.caravan.emulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.caravan.bbb.QueryParams;

/**
 * The decoded parameters of one API call, from the query string and, for form posts, from the body, in the order they
 * were sent (metadata is listed back in that order). When a name repeats, the first value wins, as with the servlet
 * {@code getParameter} bbb-web relies on.
 */
final class CallParameters {

    private final Map<String, String> values;

    private CallParameters(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    static CallParameters of(String rawQuery, String formBody) {
        Map<String, String> values = new LinkedHashMap<>();
        addEncoded(values, rawQuery);
        addEncoded(values, formBody);
        return new CallParameters(values);
    }

    /** The value, or null when the parameter is absent. */
    String get(String name) {
        return values.get(name);
    }

    /** The value, or null when the parameter is absent or only whitespace (bbb-web treats both as missing). */
    String nonBlank(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    boolean isTrue(String name) {
        return "true".equalsIgnoreCase(values.get(name));
    }

    int intValue(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    Map<String, String> all() {
        return values;
    }

    /** The first value of each parameter not seen yet: the query's before the form's. */
    private static void addEncoded(Map<String, String> values, String encoded) {
        QueryParams.decode(encoded).forEach((name, all) -> values.putIfAbsent(name, all.get(0)));
    }
}
