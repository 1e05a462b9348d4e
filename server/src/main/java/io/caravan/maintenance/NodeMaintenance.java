package io.caravan.maintenance;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.inventory.CordonNotice;
import io.caravan.inventory.InventoryChangeRefused;
import io.caravan.inventory.InventoryOverlay;
import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state changes of maintenance: a cordon with its notice (from the admin API or a window that is due) and the
 * disable of a drained node. Every change goes through the {@link InventoryOverlay} like the admin API's, so it is
 * saved and shared with the other instances; each is one line of the {@link MaintenanceLog}.
 */
public final class NodeMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(NodeMaintenance.class);

    private final InventoryOverlay inventory;
    private final NodeRegistry registry;
    private final MeetingDirectory directory;
    private final MaintenanceLog log;
    private final ObjectMapper json = new ObjectMapper();

    public NodeMaintenance(InventoryOverlay inventory, NodeRegistry registry, MeetingDirectory directory,
            MaintenanceLog log) {
        this.inventory = inventory;
        this.registry = registry;
        this.directory = directory;
        this.log = log;
    }

    /**
     * Cordons the node with a notice in inventory keys ({@code message}, {@code repeat}, {@code disable-when-empty};
     * null for a plain cordon). An invalid notice or an unknown node is an {@link InventoryChangeRefused}.
     */
    public Node cordon(String name, ObjectNode notice, String by) {
        ObjectNode fields = json.createObjectNode().put("state", NodeState.CORDONED.configName());
        if (notice == null || notice.isEmpty()) {
            fields.putNull("cordon");
        } else {
            fields.set("cordon", notice);
        }
        Node node = inventory.update(name, fields);
        log.record(name, "cordoned", describe(node.cordon()), by);
        return node;
    }

    /** A window whose time came: its node is cordoned with the window's notice, unless it is disabled already. */
    public void startWindow(@Body MaintenanceSchedule.DueWindow due) {
        String by = "window " + due.window().id();
        Node node = registry.node(due.node()).orElse(null);
        if (node == null) {
            return;
        }
        if (node.state() == NodeState.DISABLED) {
            log.record(due.node(), "window-skipped", "the node is disabled already", by);
            return;
        }
        if (node.state() == NodeState.CORDONED && node.cordon().equals(due.window().notice())) {
            return; // another instance started it first
        }
        try {
            cordon(due.node(), entry(due.window().notice()), by);
        } catch (InventoryChangeRefused e) {
            // another instance saved first (409), or the shared store is away: the next check or poll sees the result
            LOG.warn("maintenance window {} of node {} not started: {}", due.window().id(), due.node(), e.getMessage());
        }
    }

    /**
     * Whether a poll found the cordoned node drained, and its cordon asks for it to be disabled then: no meeting in its
     * last poll, and none placed there since.
     */
    public boolean drained(@ExchangeProperty(ExchangeProperties.NODE) Node polled) {
        Node node = registry.node(polled.name()).orElse(null);
        return node != null && node.state() == NodeState.CORDONED && node.cordon().disableWhenEmpty()
                && registry.status(node.name()).map(s -> s.meetings().isEmpty()).orElse(false)
                && directory.countOn(node.name()) == 0;
    }

    public void disableDrained(@ExchangeProperty(ExchangeProperties.NODE) Node polled) {
        try {
            ObjectNode entry = inventory.nodeEntry(polled.name());
            if (NodeState.DISABLED.configName().equals(entry.path("state").asText())) {
                return; // another instance disabled it first
            }
            inventory.update(polled.name(), json.createObjectNode()
                    .put("state", NodeState.DISABLED.configName()).putNull("cordon"));
            log.record(polled.name(), "disabled", "its last meeting ended while cordoned", "poll");
        } catch (InventoryChangeRefused e) {
            LOG.warn("drained node {} not disabled yet: {}", polled.name(), e.getMessage());
        }
    }

    /** A notice in inventory keys, as the node's {@code cordon:} entry holds it. */
    public ObjectNode entry(CordonNotice notice) {
        ObjectNode entry = json.createObjectNode();
        if (notice.hasMessage()) {
            entry.put("message", notice.message());
        }
        if (notice.repeat() != null) {
            entry.put("repeat", notice.repeatText());
        }
        entry.put("disable-when-empty", notice.disableWhenEmpty());
        return entry;
    }

    static String describe(CordonNotice notice) {
        String message = notice.hasMessage() ? "message \"" + notice.message() + "\"" : "no message";
        return message + (notice.repeat() != null ? " every " + notice.repeatText() : "")
                + (notice.disableWhenEmpty() ? ", disabled when empty" : ", stays cordoned when empty");
    }
}
