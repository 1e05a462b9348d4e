package io.caravan.admin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.caravan.nodes.NodeHistory;

/** GET /admin/api/history: every node's sampled load, meetings and attendees, for the status page's charts. */
public final class HistoryAdmin {

    private final NodeHistory history;

    public HistoryAdmin(NodeHistory history) {
        this.history = history;
    }

    public AdminAnswer history() {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (NodeHistory.Series series : history.series()) {
            // columns rather than one object per sample: an hour of 1,000 nodes stays a few megabytes
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", series.node());
            node.put("times", series.times());
            node.put("load", series.load());
            node.put("meetings", series.meetings());
            node.put("attendees", series.attendees());
            node.put("online", series.online());
            nodes.add(node);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("intervalSeconds", history.intervalMillis() / 1000.0);
        answer.put("samplesKept", history.capacity());
        answer.put("nodes", nodes);
        return AdminAnswer.ok(answer);
    }
}
