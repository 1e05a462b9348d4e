package io.caravan.maintenance;
import java.time.Instant;

/**
 * One maintenance action, as the log line says it and as a status page's event list may show it.
 *
 * @param at     when it happened
 * @param node   the node it concerns
 * @param action what happened: cordoned, notice-posted, disabled, window-started, window-skipped, window-added,
 *               window-removed
 * @param detail the particulars (the message, the window, how many meetings), for people
 * @param by     who or what did it: "admin API", "window ID", "poll"
 */
public record MaintenanceEvent(Instant at, String node, String action, String detail, String by) {
}
