package io.caravan.inventory;
import java.time.Instant;

/**
 * A maintenance window of a node, scheduled ahead: at each time of {@code cron} (a Quartz cron expression, in
 * caravan.maintenance.time-zone) or once at {@code at}, the node is cordoned with {@code notice}. Caravan never ends a
 * window by itself: the operator enables the node when the work is done.
 *
 * @param id     stable over instances and restarts: derived from the window's content (see {@link #idOf})
 * @param cron   the recurring times, or null for a one-off window
 * @param at     the one-off time, or null for a recurring window
 * @param notice the cordon it starts (disable-when-empty is true unless the window says otherwise)
 */
public record MaintenanceWindow(String id, String cron, Instant at, CordonNotice notice) {

    /** The first 10 hex digits of the SHA-256 of the window's fields: the same window has the same id everywhere. */
    static String idOf(String cron, Instant at, CordonNotice notice) {
        String content = cron + "\n" + at + "\n" + notice.message() + "\n" + notice.repeat() + "\n"
                + notice.disableWhenEmpty();
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
