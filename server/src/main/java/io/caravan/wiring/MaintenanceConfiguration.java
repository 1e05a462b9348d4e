package io.caravan.wiring;

import java.time.Clock;

import io.caravan.config.Settings;
import io.caravan.inventory.InventoryOverlay;
import io.caravan.maintenance.LocalMaintenanceClaims;
import io.caravan.maintenance.MaintenanceClaims;
import io.caravan.maintenance.MaintenanceLog;
import io.caravan.maintenance.MaintenanceNotices;
import io.caravan.maintenance.MaintenanceSchedule;
import io.caravan.maintenance.NodeMaintenance;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.nodes.NodeRegistry;
import io.caravan.shared.EventLog;
import io.caravan.store.RedisMaintenanceClaims;
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
            MeetingDirectory directory, MaintenanceLog log, SharedStore store) {
        return new NodeMaintenance(overlay, registry, directory, log, claims(store));
    }

    @BindToRegistry
    public MaintenanceNotices maintenanceNotices(Settings settings, NodeRegistry registry, MaintenanceLog log,
            SharedStore store) {
        return new MaintenanceNotices(registry, log, claims(store), settings.nodeTimeoutMillis(), Clock.systemUTC());
    }

    /**
     * With caravan.store=redis a notice round or a window is claimed in Redis, so that one instance does it for all;
     * alone, every claim is granted. The claims hold no state of their own here, so each bean may have its own.
     */
    private static MaintenanceClaims claims(SharedStore store) {
        MaintenanceClaims local = new LocalMaintenanceClaims();
        return store.redis().<MaintenanceClaims>map(redis -> new RedisMaintenanceClaims(redis, local)).orElse(local);
    }

    @BindToRegistry
    public MaintenanceSchedule maintenanceSchedule(Settings settings, NodeRegistry registry) {
        return new MaintenanceSchedule(registry, settings.maintenance().timeZone(), Clock.systemUTC());
    }
}
