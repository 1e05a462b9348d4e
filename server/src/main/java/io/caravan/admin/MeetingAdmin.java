package io.caravan.admin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.caravan.bbb.NodeAnswers;
import io.caravan.bbb.PolledMeeting;
import io.caravan.bbb.QueryParams;
import io.caravan.inventory.Node;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.nodecalls.NodeCall;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.nodes.NodeRegistry;
import io.caravan.nodes.NodeStatus;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The meetings of the admin API, from the nodes' last polls (never a request per node), and ending one meeting.
 */
public final class MeetingAdmin {

    private final NodeRegistry registry;
    private final MeetingDirectory directory;
    private final long timeoutMillis;

    public MeetingAdmin(NodeRegistry registry, MeetingDirectory directory, long timeoutMillis) {
        this.registry = registry;
        this.directory = directory;
        this.timeoutMillis = timeoutMillis;
    }

    public AdminAnswer list(@ExchangeProperty(ExchangeProperties.ADMIN_NODE_FILTER) String node) {
        if (node != null && registry.status(node).isEmpty()) {
            return AdminAnswer.error(404, "unknown node '" + node + "'");
        }
        List<Map<String, Object>> meetings = new ArrayList<>();
        for (NodeStatus status : registry.statuses()) {
            if (node == null || status.node().name().equals(node)) {
                status.meetings().forEach(m -> meetings.add(view(status.node(), m)));
            }
        }
        return AdminAnswer.ok(Map.of("meetings", meetings));
    }

    public AdminAnswer view(@ExchangeProperty(ExchangeProperties.ADMIN_MEETING_ID) String meetingId) {
        return AdminResponses.answering(() -> {
            Hosted hosted = find(meetingId);
            return AdminAnswer.ok(view(hosted.node(), hosted.meeting()));
        });
    }

    /**
     * The signed end call to the meeting's node; sets the exchange property {@code node}. A meeting no node reported
     * is refused in {@link AdminResponses#REFUSAL}.
     */
    public NodeCall endCall(Exchange exchange, @ExchangeProperty(ExchangeProperties.ADMIN_MEETING_ID) String meetingId) {
        return AdminResponses.checking(exchange, () -> {
            Hosted hosted = find(meetingId);
            exchange.setProperty(ExchangeProperties.NODE, hosted.node());
            return NodeCalls.signed(hosted.node(), "end", "meetingID=" + QueryParams.encode(meetingId), "GET", null,
                    null, timeoutMillis);
        });
    }

    /** The node's answer to the end call: ended, or a 502 naming the node's messageKey. */
    public AdminAnswer ended(@ExchangeProperty(ExchangeProperties.ADMIN_MEETING_ID) String meetingId,
            @ExchangeProperty(ExchangeProperties.NODE) Node node, @Body byte[] answer) {
        NodeAnswers.Outcome outcome = NodeAnswers.outcome(NodeAnswers.parse(answer));
        if (!outcome.success()) {
            return AdminAnswer.error(502, "node '" + node.name() + "' refused to end meeting '" + meetingId + "': "
                    + outcome.messageKey());
        }
        directory.forget(meetingId);
        return AdminAnswer.ok(Map.of("meetingID", meetingId, "node", node.name(), "ended", true));
    }

    private Hosted find(String meetingId) {
        for (NodeStatus status : registry.statuses()) {
            for (PolledMeeting meeting : status.meetings()) {
                if (meeting.meetingId().equals(meetingId)) {
                    return new Hosted(status.node(), meeting);
                }
            }
        }
        throw AdminError.notFound("unknown meeting '" + meetingId + "' (not in the nodes' last polls)");
    }

    private static Map<String, Object> view(Node node, PolledMeeting meeting) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("meetingID", meeting.meetingId());
        view.put("node", node.name());
        view.put("name", meeting.meetingName());
        view.put("running", meeting.running());
        view.put("attendees", meeting.attendees());
        view.put("moderators", meeting.moderators());
        view.put("listeners", meeting.listeners());
        view.put("voice", meeting.voice());
        view.put("video", meeting.video());
        return view;
    }

    private record Hosted(Node node, PolledMeeting meeting) {
    }
}
