package io.caravan.bbb;

import java.util.Map;

/**
 * getRecordings' {@code meta_NAME=VALUE} filters as bbb-web applies them (RecordingService.recordingMatchesMetadata):
 * a recording matches when it has every named metadata, each value matching its filter. A filter may carry bbb-web's
 * {@code %} wildcards: {@code %x%} matches values containing x, {@code %x} values ending with x, {@code x%} values
 * starting with x; any other filter must equal the value. bbb-web tries the forms in that order and takes the first
 * that matches, so a {@code %} that fits no form is compared literally.
 */
public final class MetadataFilter {

    private static final String WILDCARD = "%";

    private MetadataFilter() {
    }

    /** Whether the metadata (names in lower case) satisfies every filter (names in lower case). */
    public static boolean matchesAll(Map<String, String> filters, Map<String, String> metadata) {
        return filters.entrySet().stream().allMatch(f -> matches(f.getValue(), metadata.get(f.getKey())));
    }

    /**
     * One filter against one value; a missing value never matches. bbb-web fails on an empty filter or a lone
     * {@code %} (it indexes past the string): here the empty filter matches only an empty value and a lone
     * {@code %} any value.
     */
    public static boolean matches(String filter, String value) {
        if (value == null) {
            return false;
        }
        boolean leading = filter.startsWith(WILDCARD);
        boolean trailing = filter.endsWith(WILDCARD);
        return (leading && trailing && filter.length() >= 2 && value.contains(filter.substring(1, filter.length() - 1)))
                || (leading && value.endsWith(filter.substring(1)))
                || (trailing && value.startsWith(filter.substring(0, filter.length() - 1)))
                || value.equals(filter);
    }
}
