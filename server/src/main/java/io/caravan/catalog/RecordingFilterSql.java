package io.caravan.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The WHERE clause of a {@link RecordingQuery} over {@code recording r}, with its parameters in order. The wildcards
 * of recordID prefixes and {@code meta_} filters become LIKE patterns, the rest of the value escaped, so that a
 * {@code _} or {@code %} inside a value matches only itself: the same answers as bbb-web's string comparisons.
 */
final class RecordingFilterSql {

    private static final String LIKE_ESCAPE = " ESCAPE '\\'";
    private static final String WILDCARD = "%";

    private final StringBuilder where = new StringBuilder("1 = 1");
    private final List<Object> parameters = new ArrayList<>();

    RecordingFilterSql(RecordingQuery query) {
        if (!query.recordIdPrefixes().isEmpty()) {
            List<String> likes = new ArrayList<>();
            for (String prefix : query.recordIdPrefixes()) {
                likes.add("r.record_id LIKE ?" + LIKE_ESCAPE);
                parameters.add(escape(prefix) + WILDCARD);
            }
            where.append(" AND (").append(String.join(" OR ", likes)).append(')');
        } else if (!query.meetingIds().isEmpty()) {
            in("r.meeting_id", query.meetingIds());
        }
        List<String> states = query.effectiveStates();
        if (!states.isEmpty()) {
            in("r.state", states);
        }
        if (query.tenant() != null) {
            where.append(" AND r.tenant = ?");
            parameters.add(query.tenant());
        }
        for (Map.Entry<String, String> filter : query.metadata().entrySet()) {
            metadata(filter.getKey(), filter.getValue());
        }
    }

    String where() {
        return where.toString();
    }

    List<Object> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    private void in(String column, List<String> values) {
        where.append(" AND ").append(column).append(" IN (")
                .append(String.join(", ", Collections.nCopies(values.size(), "?"))).append(')');
        parameters.addAll(values);
    }

    /** bbb-web's forms of a filter, any of which may match (MetadataFilter.matches). */
    private void metadata(String name, String filter) {
        boolean leading = filter.startsWith(WILDCARD);
        boolean trailing = filter.endsWith(WILDCARD);
        List<String> patterns = new ArrayList<>();
        if (leading && trailing && filter.length() >= 2) {
            patterns.add(WILDCARD + escape(filter.substring(1, filter.length() - 1)) + WILDCARD);
        }
        if (leading) {
            patterns.add(WILDCARD + escape(filter.substring(1)));
        }
        if (trailing) {
            patterns.add(escape(filter.substring(0, filter.length() - 1)) + WILDCARD);
        }
        where.append(" AND EXISTS (SELECT 1 FROM recording_metadata m WHERE m.record_id = r.record_id")
                .append(" AND m.meta_name = ? AND (");
        parameters.add(name);
        for (String pattern : patterns) {
            where.append("m.meta_value LIKE ?").append(LIKE_ESCAPE).append(" OR ");
            parameters.add(pattern);
        }
        where.append("m.meta_value = ?))");
        parameters.add(filter);
    }

    private static String escape(String literal) {
        return literal.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
