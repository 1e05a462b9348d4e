package io.caravan.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decoded parameters of one API call as the servlet container hands them to bbb-web: the query's first, then a
 * form body's, every value of a repeated name kept in that order. bbb-web reads the first value of each name, and
 * counts all of them for the duplicate-checksum guard.
 *
 * <p>The emulator decodes on its own instead of using Caravan's decoder, so that it stays an independent oracle.
 */
final class CallParameters {

    private final Map<String, List<String>> values;

    private CallParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    static CallParameters of(String rawQuery, String formBody) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        addEncoded(values, rawQuery);
        addEncoded(values, formBody);
        return new CallParameters(values);
    }

    /** The first value as sent, or null when the parameter is absent. */
    String get(String name) {
        List<String> all = values.get(name);
        return all == null ? null : all.get(0);
    }

    /**
     * The first value as bbb-web's ValidationService sees it: control characters removed and trimmed; null when the
     * parameter is absent (an empty or blank value becomes "").
     */
    String sanitized(String name) {
        return sanitize(get(name));
    }

    /** The value, or null when the parameter is absent or only whitespace. */
    String nonBlank(String name) {
        String value = get(name);
        return value == null || value.isBlank() ? null : value;
    }

    int count(String name) {
        List<String> all = values.get(name);
        return all == null ? 0 : all.size();
    }

    boolean isTrue(String name) {
        return "true".equalsIgnoreCase(get(name));
    }

    int intValue(String name, int fallback) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The first value of every parameter, in the order they were sent. */
    Map<String, String> all() {
        Map<String, String> first = new LinkedHashMap<>();
        values.forEach((name, all) -> first.put(name, all.get(0)));
        return Collections.unmodifiableMap(first);
    }

    /** bbb-web's ParamsUtil.sanitizeString: control characters out, then trimmed. */
    static String sanitize(String value) {
        return value == null ? null : value.replaceAll("\\p{Cc}", "").trim();
    }

    private static void addEncoded(Map<String, List<String>> values, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String part : encoded.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = decode(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : decode(part.substring(eq + 1));
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    /** A malformed escape is kept as written: the checksum, not the decoder, decides whether a request is valid. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
