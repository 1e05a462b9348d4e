package io.caravan.admin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.caravan.routes.ExchangeProperties;
import io.caravan.shared.EventLog;
import org.apache.camel.ExchangeProperty;

/** GET /admin/api/events[?after=ID]: the latest events of this instance, newest first. */
public final class EventAdmin {

    private final EventLog events;

    public EventAdmin(EventLog events) {
        this.events = events;
    }

    public AdminAnswer list(@ExchangeProperty(ExchangeProperties.ADMIN_QUERY) Map<String, String> query) {
        long after = 0;
        String given = query == null ? null : query.get("after");
        if (given != null) {
            try {
                after = Long.parseLong(given.trim());
            } catch (NumberFormatException e) {
                return AdminAnswer.error(400, "after must be an event id (a number)");
            }
        }
        List<Map<String, Object>> listed = events.latest(after, events.capacity()).stream().map(event -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", event.id());
            view.put("time", event.time().toString());
            view.put("type", event.type());
            view.put("node", event.node());
            view.put("message", event.message());
            return view;
        }).toList();
        return AdminAnswer.ok(Map.of("events", listed));
    }
}
