package io.caravan.maintenance;
import java.time.Duration;

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
 *
 * <p>With several instances each one checks the windows, so a window's time is claimed first
 * ({@link MaintenanceClaims}, key {@code window:<node>:<window id>:<its time in epoch seconds>}) and started by the
 * instance that gets it: one cordon, one log line and event. The disable of a drained node is not claimed: the change
 * is the same whoever makes it, and an instance that comes second finds the node disabled (or its save is refused as
 * made at the same time, and then it finds the same).
 */
public final class NodeMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(NodeMaintenance.class);

    /**
     * How long a window's time stays claimed: longer than any instance could take to find it due (its check period and
     * the instances' clock difference). The time is in the key, so the window's next time is a claim of its own.
     */
    static final Duration WINDOW_CLAIM = Duration.ofDays(1);

    private final InventoryOverlay inventory;
    private final NodeRegistry registry;
    private final MeetingDirectory directory;
    private final MaintenanceLog log;
    private final MaintenanceClaims claims;
    private final ObjectMapper json = new ObjectMapper();

    public NodeMaintenance(InventoryOverlay inventory, NodeRegistry registry, MeetingDirectory directory,
            MaintenanceLog log, MaintenanceClaims claims) {
        this.inventory = inventory;
        this.registry = registry;
        this.directory = directory;
        this.log = log;
        this.claims = claims;
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

    /**
     * A window whose time came: its node is cordoned with the window's notice, unless it is disabled already, by the
     * one instance that claims the window's time.
     */
    public void startWindow(@Body MaintenanceSchedule.DueWindow due) {
        String by = "window " + due.window().id();
        Node node = registry.node(due.node()).orElse(null);
        if (node == null) {
            return;
        }
        String key = "window:" + due.node() + ":" + due.window().id() + ":" + due.at().getEpochSecond();
        if (!claims.claim(key, WINDOW_CLAIM).granted()) {
            LOG.debug("maintenance window {} of node {} at {} is started by another instance", due.window().id(),
                    due.node(), due.at());
            return;
        }
        if (node.state() == NodeState.DISABLED) {
            log.record(due.node(), "window-skipped", "the node is disabled already", by);
            return;
        }
        if (node.state() == NodeState.CORDONED && node.cordon().equals(due.window().notice())) {
            return; // cordoned so already (by hand, or by another instance while the shared store was away)
        }
        for (int attempt = 1; ; attempt++) {
            try {
                cordon(due.node(), entry(due.window().notice()), by);
                return;
            } catch (InventoryChangeRefused e) {
                // a conflict: another instance saved another change at the same moment. The other instances leave
                // this window to this one, so it tries again once, on the change that won
                if (e.reason() != InventoryChangeRefused.Reason.CONFLICT || attempt == 2) {
                    LOG.warn("maintenance window {} of node {} not started: {}", due.window().id(), due.node(),
                            e.getMessage());
                    return;
                }
            }
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
            if (e.reason() == InventoryChangeRefused.Reason.CONFLICT && disabledAlready(polled.name())) {
                LOG.debug("drained node {} was disabled by another instance at the same time", polled.name());
                return;
            }
            LOG.warn("drained node {} not disabled yet: {}", polled.name(), e.getMessage());
        }
    }

    private boolean disabledAlready(String name) {
        try {
            return NodeState.DISABLED.configName().equals(inventory.nodeEntry(name).path("state").asText());
        } catch (InventoryChangeRefused e) {
            return false;
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
