package io.caravan.wiring;

import java.time.Clock;

import io.caravan.config.Settings;
import io.caravan.inventory.InventoryOverlay;
import io.caravan.maintenance.MaintenanceLog;
import io.caravan.maintenance.MaintenanceNotices;
import io.caravan.maintenance.MaintenanceSchedule;
import io.caravan.maintenance.NodeMaintenance;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.nodes.NodeRegistry;
import io.caravan.shared.EventLog;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/**
 * Maintenance (routes/maintenance.camel.yaml): cordon notices posted into the meetings of cordoned nodes, drained
 * nodes disabled, and the windows scheduled ahead. The clock is the system's; tests give the beans their own.
 */
public class MaintenanceConfiguration implements CamelConfiguration {

    /** Lazy: the other maintenance beans take it. Its actions also go to the status page's events log. */
    @BindToRegistry(lazy = true)
    public MaintenanceLog maintenanceLog(EventLog eventLog) {
        return new MaintenanceLog(Clock.systemUTC(), event -> eventLog.record("maintenance", event.node(),
                event.action() + (event.detail() == null || event.detail().isEmpty() ? "" : ": " + event.detail())
                        + (event.by() == null ? "" : " (" + event.by() + ")")));
    }

    @BindToRegistry
    public NodeMaintenance nodeMaintenance(InventoryOverlay overlay, NodeRegistry registry,
            MeetingDirectory directory, MaintenanceLog log) {
        return new NodeMaintenance(overlay, registry, directory, log);
    }

    @BindToRegistry
    public MaintenanceNotices maintenanceNotices(Settings settings, NodeRegistry registry, MaintenanceLog log) {
        return new MaintenanceNotices(registry, log, settings.nodeTimeoutMillis(), Clock.systemUTC());
    }

    @BindToRegistry
    public MaintenanceSchedule maintenanceSchedule(Settings settings, NodeRegistry registry) {
        return new MaintenanceSchedule(registry, settings.maintenance().timeZone(), Clock.systemUTC());
    }
}
