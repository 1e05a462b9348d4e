package io.caravan.admin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.inventory.InventoryOverlay;
import io.caravan.inventory.MaintenanceWindow;
import io.caravan.inventory.Node;
import io.caravan.maintenance.MaintenanceLog;
import io.caravan.maintenance.MaintenanceSchedule;
import io.caravan.maintenance.NodeMaintenance;
import io.caravan.nodes.NodeRegistry;
import io.caravan.recordings.RecordingIndex;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * The maintenance operations of the admin API: a cordon with a notice, and a node's maintenance windows listed, added
 * and removed. Windows are the node's {@code maintenance:} entry, changed through the {@link InventoryOverlay} like
 * every admin change (validated by the inventory's own reader, saved, shared with the other instances).
 */
public final class MaintenanceAdmin {

    private static final Map<String, String> NOTICE_FIELDS = Map.of("message", "message", "repeat", "repeat",
            "disableWhenEmpty", "disable-when-empty");
    private static final Map<String, String> WINDOW_FIELDS = Map.of("cron", "cron", "at", "at", "message", "message",
            "repeat", "repeat", "disableWhenEmpty", "disable-when-empty");

    private final InventoryOverlay inventory;
    private final NodeRegistry registry;
    private final NodeMaintenance maintenance;
    private final MaintenanceSchedule schedule;
    private final MaintenanceLog log;
    private final RecordingIndex recordings;
    private final String timeZone;
    private final ObjectMapper json = new ObjectMapper();

    public MaintenanceAdmin(InventoryOverlay inventory, NodeRegistry registry, NodeMaintenance maintenance,
            MaintenanceSchedule schedule, MaintenanceLog log, RecordingIndex recordings, String timeZone) {
        this.recordings = recordings;
        this.inventory = inventory;
        this.registry = registry;
        this.maintenance = maintenance;
        this.schedule = schedule;
        this.log = log;
        this.timeZone = timeZone;
    }

    /** POST …/cordon, with an optional body {message, repeat, disableWhenEmpty}: answers the node's view. */
    public AdminAnswer cordon(@ExchangeProperty(ExchangeProperties.ADMIN_NAME) String name,
            @ExchangeProperty(ExchangeProperties.ADMIN_BODY) String body) {
        return AdminResponses.answering(() -> {
            node(name);
            ObjectNode notice = body == null || body.isBlank() ? null
                    : AdminBodies.entry(body, NOTICE_FIELDS, NOTICE_FIELDS.keySet());
            maintenance.cordon(name, notice, "admin API");
            return AdminAnswer.ok(NodeView.of(registry.status(name).orElseThrow(), recordings.countOn(name)));
        });
    }

    /** GET …/maintenance: the node's windows with their next time. */
    public AdminAnswer windows(@ExchangeProperty(ExchangeProperties.ADMIN_NAME) String name) {
        return AdminResponses.answering(() -> {
            Node node = node(name);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("node", name);
            answer.put("timeZone", timeZone);
            answer.put("windows", node.maintenance().stream().map(this::view).toList());
            return AdminAnswer.ok(answer);
        });
    }

    /** POST …/maintenance {cron | at, message?, repeat?, disableWhenEmpty?}: 201 and the new window. */
    public AdminAnswer addWindow(@ExchangeProperty(ExchangeProperties.ADMIN_NAME) String name,
            @ExchangeProperty(ExchangeProperties.ADMIN_BODY) String body) {
        return AdminResponses.answering(() -> {
            Node before = node(name);
            ObjectNode window = AdminBodies.entry(body, WINDOW_FIELDS, WINDOW_FIELDS.keySet());
            ArrayNode windows = currentWindows(name);
            windows.add(window);
            Node after = inventory.update(name, json.createObjectNode().set("maintenance", windows));
            Set<String> old = new java.util.HashSet<>(before.maintenance().stream().map(MaintenanceWindow::id).toList());
            MaintenanceWindow added = after.maintenance().stream().filter(w -> !old.contains(w.id())).findFirst()
                    .orElseThrow(() -> AdminError.conflict("this window is already scheduled for node '" + name + "'"));
            log.record(name, "window-added", describe(added), "admin API");
            return new AdminAnswer(201, view(added));
        });
    }

    /** DELETE …/maintenance/{window}. */
    public AdminAnswer removeWindow(@ExchangeProperty(ExchangeProperties.ADMIN_NAME) String name,
            @ExchangeProperty(ExchangeProperties.ADMIN_WINDOW) String id) {
        return AdminResponses.answering(() -> {
            Node node = node(name);
            int index = -1;
            for (int i = 0; i < node.maintenance().size(); i++) {
                if (node.maintenance().get(i).id().equals(id)) {
                    index = i;
                }
            }
            if (index < 0) {
                throw AdminError.notFound("node '" + name + "' has no maintenance window '" + id + "'");
            }
            MaintenanceWindow removed = node.maintenance().get(index);
            ArrayNode windows = currentWindows(name);
            windows.remove(index);
            inventory.update(name, windows.isEmpty() ? json.createObjectNode().putNull("maintenance")
                    : json.createObjectNode().set("maintenance", windows));
            log.record(name, "window-removed", describe(removed), "admin API");
            return AdminAnswer.ok(Map.of("node", name, "removed", id));
        });
    }

    /** The entry's windows as written (the inventory's order is the order of the node's parsed windows). */
    private ArrayNode currentWindows(String name) {
        ObjectNode entry = inventory.nodeEntry(name);
        ArrayNode windows = json.createArrayNode();
        if (entry.get("maintenance") instanceof ArrayNode list) {
            windows.addAll(list);
        }
        return windows;
    }

    private Map<String, Object> view(MaintenanceWindow window) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", window.id());
        if (window.cron() != null) {
            view.put("cron", window.cron());
        } else {
            view.put("at", window.at().toString());
        }
        Instant next = schedule.next(window);
        view.put("next", next == null ? null : next.toString());
        view.put("message", window.notice().message());
        view.put("repeat", window.notice().repeatText());
        view.put("disableWhenEmpty", window.notice().disableWhenEmpty());
        return view;
    }

    private static String describe(MaintenanceWindow window) {
        List<String> parts = new ArrayList<>();
        parts.add(window.id());
        parts.add(window.cron() != null ? "cron '" + window.cron() + "'" : "at " + window.at());
        if (window.notice().hasMessage()) {
            parts.add("message \"" + window.notice().message() + "\"");
        }
        parts.add(window.notice().disableWhenEmpty() ? "disabled when empty" : "stays cordoned when empty");
        return String.join(", ", parts);
    }

    private Node node(String name) {
        return registry.node(name).orElseThrow(() -> AdminError.notFound("unknown node '" + name + "'"));
    }
}
