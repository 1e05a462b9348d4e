package io.caravan.maintenance;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One INFO line per maintenance action, and the same action as an event for whoever listens. */
public final class MaintenanceLog {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceLog.class);

    private final Clock clock;
    private volatile MaintenanceEvents events;

    public MaintenanceLog(Clock clock, MaintenanceEvents events) {
        this.clock = clock;
        this.events = events;
    }

    /** Hooks a listener in after wiring (the events log is built by another area). */
    public void publishTo(MaintenanceEvents listener) {
        this.events = listener;
    }

    public void record(String node, String action, String detail, String by) {
        LOG.info("maintenance: node {} {}: {} (by {})", node, action, detail, by);
        events.publish(new MaintenanceEvent(clock.instant(), node, action, detail, by));
    }
}
