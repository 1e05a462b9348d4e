package io.caravan.maintenance;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import io.caravan.inventory.MaintenanceWindow;
import io.caravan.inventory.Node;
import io.caravan.nodes.NodeRegistry;

/**
 * Which maintenance windows are due. One Quartz trigger (caravan.maintenance.check-schedule, every minute by default)
 * asks, rather than one trigger per window: windows come and go with the inventory and the admin API on every
 * instance, and one check over the nodes' windows needs no trigger to be added, moved or removed. A window is due
 * when one of its times falls after the previous check and not after this one; the clock is given, so tests move
 * time instead of waiting for it.
 */
public final class MaintenanceSchedule {

    /**
     * A window whose time came, its node, and the time: the same on every instance that finds it due, whenever it
     * checks.
     */
    public record DueWindow(String node, MaintenanceWindow window, Instant at) {
    }

    private final NodeRegistry registry;
    private final ZoneId zone;
    private final Clock clock;
    /**
     * The previous check; at start, the start. A window whose time passed while no instance ran is not caught up: a
     * cordon long after its notice was meant would surprise more than help.
     */
    private Instant lastCheck;

    public MaintenanceSchedule(NodeRegistry registry, ZoneId zone, Clock clock) {
        this.registry = registry;
        this.zone = zone;
        this.clock = clock;
        this.lastCheck = clock.instant();
    }

    public synchronized List<DueWindow> dueWindows() {
        Instant now = clock.instant();
        Instant since = lastCheck;
        lastCheck = now;
        List<DueWindow> due = new ArrayList<>();
        for (Node node : registry.nodes()) {
            for (MaintenanceWindow window : node.maintenance()) {
                Instant next = nextAfter(window, since);
                if (next != null && !next.isAfter(now)) {
                    due.add(new DueWindow(node.name(), window, next));
                }
            }
        }
        return due;
    }

    /** The window's next time from now, or null (a one-off window that is past). */
    public Instant next(MaintenanceWindow window) {
        return nextAfter(window, clock.instant());
    }

    private Instant nextAfter(MaintenanceWindow window, Instant after) {
        if (window.at() != null) {
            return window.at().isAfter(after) ? window.at() : null;
        }
        try {
            org.quartz.CronExpression cron = new org.quartz.CronExpression(window.cron());
            cron.setTimeZone(TimeZone.getTimeZone(zone));
            Date next = cron.getNextValidTimeAfter(Date.from(after));
            return next == null ? null : next.toInstant();
        } catch (ParseException e) {
            throw new IllegalStateException("the inventory validated cron '" + window.cron() + "'", e);
        }
    }
}
