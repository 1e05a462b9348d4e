package io.caravan.wiring;

import io.caravan.admin.AdminGate;
import io.caravan.admin.AdminRequests;
import io.caravan.admin.AdminResponses;
import io.caravan.admin.MaintenanceAdmin;
import io.caravan.admin.EventAdmin;
import io.caravan.admin.HistoryAdmin;
import io.caravan.admin.ImportAdmin;
import io.caravan.admin.MeetingAdmin;
import io.caravan.admin.NodeAdmin;
import io.caravan.admin.RecordingAdmin;
import io.caravan.admin.TenantAdmin;
import io.caravan.config.Settings;
import io.caravan.inventory.InventoryOverlay;
import io.caravan.inventory.Tenants;
import io.caravan.maintenance.MaintenanceLog;
import io.caravan.maintenance.MaintenanceSchedule;
import io.caravan.maintenance.NodeMaintenance;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.nodes.NodeHistory;
import io.caravan.nodes.NodeRegistry;
import io.caravan.recordings.ImportLog;
import io.caravan.recordings.RecordingCatalogOnDemand;
import io.caravan.recordings.RecordingErasure;
import io.caravan.recordings.RecordingIndex;
import io.caravan.recordings.SpoolImports;
import io.caravan.shared.EventLog;
import io.caravan.storage.RecordingStore;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin API (routes/admin.camel.yaml): its token gate, and the node, tenant, meeting and recording operations. */
public class AdminConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AdminConfiguration.class);

    @BindToRegistry
    public AdminGate adminGate(Settings settings) {
        if (settings.adminToken().isEmpty()) {
            LOG.info("admin API disabled (set caravan.admin.token to enable it)");
        }
        return new AdminGate(settings.adminToken());
    }

    @BindToRegistry
    public AdminRequests adminRequests() {
        return new AdminRequests();
    }

    @BindToRegistry
    public AdminResponses adminResponses() {
        return new AdminResponses();
    }

    @BindToRegistry
    public NodeAdmin nodeAdmin(Settings settings, InventoryOverlay overlay, NodeRegistry registry,
            MeetingDirectory directory, RecordingIndex recordings) {
        return new NodeAdmin(overlay, registry, directory, recordings, settings.nodeTimeoutMillis());
    }

    @BindToRegistry
    public MaintenanceAdmin maintenanceAdmin(Settings settings, InventoryOverlay overlay, NodeRegistry registry,
            NodeMaintenance nodeMaintenance, MaintenanceSchedule schedule, MaintenanceLog log,
            RecordingIndex recordings) {
        return new MaintenanceAdmin(overlay, registry, nodeMaintenance, schedule, log, recordings,
                settings.maintenance().timeZone().getId());
    }

    @BindToRegistry
    public ImportAdmin importAdmin(ImportLog importLog, SpoolImports spoolImports, RecordingCatalogOnDemand catalog,
            RecordingStore recordingStore) {
        return new ImportAdmin(importLog, spoolImports, catalog, recordingStore);
    }

    @BindToRegistry
    public RecordingAdmin recordingAdmin(RecordingIndex recordings, NodeRegistry registry, Tenants tenants,
            RecordingErasure erasure) {
        return new RecordingAdmin(recordings, registry, tenants, erasure);
    }

    @BindToRegistry
    public TenantAdmin tenantAdmin(InventoryOverlay overlay) {
        return new TenantAdmin(overlay);
    }

    @BindToRegistry
    public HistoryAdmin historyAdmin(NodeHistory history) {
        return new HistoryAdmin(history);
    }

    @BindToRegistry
    public EventAdmin eventAdmin(EventLog events) {
        return new EventAdmin(events);
    }

    @BindToRegistry
    public MeetingAdmin meetingAdmin(Settings settings, NodeRegistry registry, MeetingDirectory directory) {
        return new MeetingAdmin(registry, directory, settings.nodeTimeoutMillis());
    }
}
