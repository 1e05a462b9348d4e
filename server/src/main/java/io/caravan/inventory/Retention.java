package io.caravan.inventory;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the recordings Caravan keeps stay published, and stay at all, counted from a recording's end: the global
 * rules (caravan.recordings.retention.*) or a tenant's (its {@code retention:} entry in the inventory), where each
 * rule a tenant has replaces the global one.
 *
 * @param unpublishAfter recordings older than this are unpublished; empty: never (for a tenant: the global rule)
 * @param deleteAfter    recordings older than this are deleted; empty: never (for a tenant: the global rule)
 */
public record Retention(Optional<Duration> unpublishAfter, Optional<Duration> deleteAfter) {

    /** No rule: recordings are kept and stay published. */
    public static final Retention NONE = new Retention(Optional.empty(), Optional.empty());

    // days only: an operator writing "90" must not get 90 milliseconds, and nobody keeps recordings for hours
    private static final Pattern DAYS = Pattern.compile("([1-9][0-9]{0,5})d");

    /** These rules where they have one, the other's (the global rules) where not. */
    public Retention over(Retention global) {
        return new Retention(unpublishAfter.or(global::unpublishAfter), deleteAfter.or(global::deleteAfter));
    }

    public boolean none() {
        return unpublishAfter.isEmpty() && deleteAfter.isEmpty();
    }

    /**
     * A period as the configuration writes it: {@code 365d}; empty text is no period.
     *
     * @throws IllegalArgumentException naming what is expected
     */
    public static Optional<Duration> days(String text) {
        String value = text == null ? "" : text.trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Matcher days = DAYS.matcher(value);
        if (!days.matches()) {
            throw new IllegalArgumentException("must be a number of days such as 365d, not '" + value + "'");
        }
        return Optional.of(Duration.ofDays(Long.parseLong(days.group(1))));
    }

    /** A period as {@link #days} reads it: {@code 365d}. */
    public static String text(Duration period) {
        return period.toDays() + "d";
    }
}
