package io.caravan.wiring;

import io.caravan.config.Settings;
import io.caravan.inventory.Inventory;
import io.caravan.inventory.InventoryLoader;
import io.caravan.inventory.InventoryOverlay;
import io.caravan.nodes.NodeRegistry;
import io.caravan.shared.EventLog;
import io.caravan.store.SharedState;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory (the file with the admin API's changes over it) and the node registry that follows it, the events log
 * it tells of changes, and the check of the shared store that brings other instances' admin changes in.
 */
public class InventoryConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryConfiguration.class);

    /** Lazy: the node registry and the shared-state check below take it; a bad inventory stops startup here. */
    @BindToRegistry(lazy = true)
    public InventoryOverlay inventoryOverlay(Settings settings, SharedStore store) {
        return new InventoryOverlay(settings.inventory(), new InventoryLoader(settings.nodeChecksum(), settings.maintenance().minRepeat()),
                store.adminState(), store.events());
    }

    /**
     * Lazy: the node registry below publishes to it (nodes offline and online, state changes); others (maintenance)
     * may too, and the status page reads it through GET /admin/api/events.
     */
    @BindToRegistry(lazy = true)
    public EventLog eventLog(Settings settings) {
        return new EventLog(settings.status().eventsCapacity());
    }

    @BindToRegistry
    public NodeRegistry nodeRegistry(Settings settings, InventoryOverlay overlay, EventLog events) {
        Inventory inventory = overlay.current();
        NodeRegistry registry = new NodeRegistry(inventory, settings.offlineAfter(), settings.onlineAfter(),
                settings.suspectAfter(), events);
        // every change of the inventory (file, admin API, another instance) reaches the registry
        overlay.publishTo(registry::apply);
        LOG.info("inventory {}: {} nodes", settings.inventory(), inventory.nodes().size());
        return registry;
    }

    @BindToRegistry
    public SharedState sharedState(SharedStore store, InventoryOverlay overlay) {
        return new SharedState(store.redis().orElse(null), overlay::syncShared);
    }
}
