package io.caravan.meetings;
import java.util.List;

import io.caravan.bbb.BbbResponses;
import io.caravan.bbb.NodeAnswers;
import io.caravan.bbb.PolledMeeting;
import io.caravan.inventory.Node;
import io.caravan.inventory.Tenant;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Answers where a meeting is. The directory (placements and polls) answers first; when it does not know a meeting,
 * the route asks the online nodes and teaches the directory what they say, so a restarted Caravan loses nothing.
 */
public final class MeetingLookup {

    private final MeetingDirectory directory;
    private final NodeRegistry registry;

    public MeetingLookup(MeetingDirectory directory, NodeRegistry registry) {
        this.directory = directory;
        this.registry = registry;
    }

    /**
     * The node of a known meeting, or null. A meeting whose node is offline or disabled counts as not found: the
     * client's next create places it anew on a healthy node instead of sending users to a dead one.
     */
    public Node known(@ExchangeProperty(ExchangeProperties.MEETING_ID) String meetingId) {
        if (meetingId == null) {
            return null;
        }
        return directory.find(meetingId)
                .filter(location -> registry.canServe(location.node()))
                .flatMap(location -> registry.node(location.node()))
                .orElse(null);
    }

    /** A node said it has the meeting ({@link MeetingSearch}). */
    public void learn(@ExchangeProperty(ExchangeProperties.MEETING_ID) String meetingId, @ExchangeProperty(ExchangeProperties.NODE) Node node) {
        directory.remember(meetingId, node.name());
        registry.changed(node.name(), System.nanoTime());
    }

    /** A create came back from the meeting's node: getMeetings shows the meeting from now on. */
    public void created(@ExchangeProperty(ExchangeProperties.NODE) Node node) {
        registry.changed(node.name(), System.nanoTime());
    }

    /**
     * The nodes getMeetings asks again before it answers: those Caravan changed since their last poll started
     * (creates, ends, meetings found by lookups), so a client reads its own writes. Usually none.
     */
    public List<Node> nodesToRefresh() {
        return registry.nodesToRefresh();
    }

    /**
     * An end call came back: when the node ended the meeting it is forgotten at once (and by the other instances),
     * so that a tenant at its meeting limit can start the next one without waiting for a poll, and getMeetings no
     * longer lists it.
     */
    public void ended(@ExchangeProperty(ExchangeProperties.MEETING_ID) String meetingId, @ExchangeProperty(ExchangeProperties.NODE) Node node,
            @Body byte[] answer) {
        boolean ended;
        try {
            ended = NodeAnswers.outcome(NodeAnswers.parse(answer)).success();
        } catch (RuntimeException e) {
            ended = false; // not an answer of BBB's: the next poll tells
        }
        if (ended) {
            directory.forget(meetingId);
            registry.endedMeeting(node.name(), meetingId);
            registry.changed(node.name(), System.nanoTime());
        }
    }

    /**
     * getMeetings over all nodes, from the last polls: never a request to a node. A tenant sees only its own
     * meetings (still namespaced here; the pipeline gives them their client meetingIDs back).
     */
    public String allMeetings(@ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant) {
        return BbbResponses.meetings(registry.servableMeetings().stream()
                .filter(meeting -> tenant == null || tenant.owns(meeting.meetingId()))
                .map(PolledMeeting::xml).toList());
    }
}
