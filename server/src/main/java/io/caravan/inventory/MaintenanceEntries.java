package io.caravan.inventory;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.quartz.CronExpression;

/**
 * A node's {@code cordon:} notice and {@code maintenance:} windows, read like every other inventory key: each mistake
 * names the node and the key, so the admin API's 400 and the file's startup error say the same thing.
 */
final class MaintenanceEntries {

    private static final Set<String> NOTICE_KEYS = Set.of("message", "repeat", "disable-when-empty");
    private static final Set<String> WINDOW_KEYS = Set.of("cron", "at", "message", "repeat", "disable-when-empty");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(s|m|h)");

    private MaintenanceEntries() {
    }

    /** The node's cordon notice; only a cordoned node may carry one. */
    static CordonNotice cordon(JsonNode entry, NodeState state, Duration minRepeat, String where) {
        JsonNode value = entry.get("cordon");
        if (value == null || value.isNull()) {
            return CordonNotice.NONE;
        }
        if (state != NodeState.CORDONED) {
            throw new InventoryError(where + ": 'cordon' (the notice of a cordoned node) needs state: cordoned");
        }
        InventoryEntries.requireObject(value, where + ": cordon");
        InventoryEntries.checkKeys(value, NOTICE_KEYS, where + ": cordon");
        return notice(value, false, minRepeat, where + ": cordon");
    }

    static List<MaintenanceWindow> windows(JsonNode entry, Duration minRepeat, String where) {
        JsonNode value = entry.get("maintenance");
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InventoryError(where + ": 'maintenance' must be a list of windows");
        }
        List<MaintenanceWindow> windows = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode window = value.get(i);
            String at = where + ": maintenance[" + i + "]";
            InventoryEntries.requireObject(window, at);
            InventoryEntries.checkKeys(window, WINDOW_KEYS, at);
            String cron = InventoryEntries.optionalText(window, "cron", null, at);
            String time = InventoryEntries.optionalText(window, "at", null, at);
            if ((cron == null) == (time == null)) {
                throw new InventoryError(at + ": give either 'cron' (a Quartz cron expression) or 'at' (a date and"
                        + " time such as 2026-12-24T20:00Z)");
            }
            Instant instant = time == null ? null : instant(time.trim(), at);
            if (cron != null) {
                cron = cron.trim();
                try {
                    CronExpression.validateExpression(cron);
                } catch (ParseException e) {
                    throw new InventoryError(at + ": 'cron' must be a Quartz cron expression such as '0 0 2 ? * SUN'"
                            + " (Sundays at 02:00), was '" + cron + "': " + e.getMessage());
                }
            }
            CordonNotice notice = notice(window, true, minRepeat, at);
            MaintenanceWindow parsed = new MaintenanceWindow(MaintenanceWindow.idOf(cron, instant, notice), cron,
                    instant, notice);
            if (!ids.add(parsed.id())) {
                throw new InventoryError(at + ": the same window is already scheduled");
            }
            windows.add(parsed);
        }
        return List.copyOf(windows);
    }

    private static CordonNotice notice(JsonNode value, boolean disableByDefault, Duration minRepeat, String where) {
        String message = InventoryEntries.optionalText(value, "message", null, where);
        if (message != null) {
            message = message.strip();
            if (message.isEmpty() || message.length() > CordonNotice.MAX_MESSAGE) {
                throw new InventoryError(where + ": 'message' must be 1 to " + CordonNotice.MAX_MESSAGE
                        + " characters (bbb-web's limit for a chat message), was " + message.length());
            }
        }
        String repeatText = InventoryEntries.optionalText(value, "repeat", null, where);
        Duration repeat = repeatText == null ? null : duration(repeatText.trim(), where + ": 'repeat'");
        if (repeat != null && message == null) {
            throw new InventoryError(where + ": 'repeat' needs a 'message' to repeat");
        }
        if (repeat != null && repeat.compareTo(minRepeat) < 0) {
            throw new InventoryError(where + ": 'repeat' must be at least " + text(minRepeat)
                    + " (caravan.maintenance.min-repeat), was " + repeatText.trim());
        }
        JsonNode disable = value.get("disable-when-empty");
        if (disable != null && !disable.isNull() && !disable.isBoolean()) {
            throw new InventoryError(where + ": 'disable-when-empty' must be true or false");
        }
        boolean disableWhenEmpty = disable == null || disable.isNull() ? disableByDefault : disable.asBoolean();
        return new CordonNotice(message, repeat, disableWhenEmpty);
    }

    private static Instant instant(String text, String where) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InventoryError(where + ": 'at' must be a date and time with its offset such as"
                    + " 2026-12-24T20:00Z or 2026-12-24T21:00+01:00, was '" + text + "'");
        }
    }

    /** {@code 30s}, {@code 10m}, {@code 1h}. */
    static Duration duration(String text, String where) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new InventoryError(where + " must be a duration such as 30s, 10m or 1h, was '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** A duration as the inventory writes it: 10m rather than PT10M. */
    static String text(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
