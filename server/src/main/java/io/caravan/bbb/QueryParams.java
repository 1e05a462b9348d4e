package io.caravan.bbb;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decodes an application/x-www-form-urlencoded string (a query or a form body) into parameters. */
public final class QueryParams {

    private QueryParams() {
    }

    public static Map<String, List<String>> decode(String encoded) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String part : encoded.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = decodeLeniently(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : decodeLeniently(part.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** A malformed escape is kept as written: the checksum, not the decoder, decides whether a request is valid. */
    private static String decodeLeniently(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /**
     * The encoded string with every value of one parameter replaced; everything else stays byte for byte (a
     * checksum computed over the rest still holds for it).
     */
    public static String rewrite(String encoded, String name, java.util.function.UnaryOperator<String> value) {
        if (encoded == null || encoded.isEmpty()) {
            return encoded;
        }
        String[] parts = encoded.split("&", -1);
        for (int i = 0; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String rawName = eq < 0 ? parts[i] : parts[i].substring(0, eq);
            if (!parts[i].isEmpty() && decodeLeniently(rawName).equals(name)) {
                String old = eq < 0 ? "" : decodeLeniently(parts[i].substring(eq + 1));
                parts[i] = rawName + "=" + encode(value.apply(old));
            }
        }
        return String.join("&", parts);
    }

    /** The encoded string without the named parameters; everything else stays byte for byte. */
    public static String remove(String encoded, java.util.Set<String> names) {
        if (encoded == null || encoded.isEmpty() || names.isEmpty()) {
            return encoded;
        }
        StringBuilder kept = new StringBuilder(encoded.length());
        for (String part : encoded.split("&", -1)) {
            int eq = part.indexOf('=');
            if (part.isEmpty() || names.contains(decodeLeniently(eq < 0 ? part : part.substring(0, eq)))) {
                continue;
            }
            if (kept.length() > 0) {
                kept.append('&');
            }
            kept.append(part);
        }
        return kept.toString();
    }

    /** Encodes one value for a query string, the way BBB client libraries do. */
    public static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
