package io.caravan.meetings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import io.caravan.bbb.NodeAnswers;
import io.caravan.bbb.PolledMeeting;
import io.caravan.inventory.Node;
import io.caravan.inventory.Tenant;
import io.caravan.nodecalls.NodeCall;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * getSessions over all nodes: every user session lives on the node its user joined, so each online node is asked
 * and their sessions are merged. A node that does not answer leaves its sessions out, as getMeetings does. A tenant
 * sees the sessions of its own meetings only: a session names its meeting by internal ID, which is bbb-web's
 * {@code sha1(meetingID)-createTime}, so it is matched against the tenant's meetings as the nodes know them.
 */
public final class UserSessions {


    private final NodeRegistry registry;
    private final long timeoutMillis;

    public UserSessions(NodeRegistry registry, long timeoutMillis) {
        this.registry = registry;
        this.timeoutMillis = timeoutMillis;
    }

    public Queue<byte[]> collector() {
        return new ConcurrentLinkedQueue<>();
    }

    public List<Node> nodesToAsk() {
        return registry.onlineNodes();
    }

    public NodeCall sessionsCall(@Body Node node) {
        return NodeCalls.signed(node, "getSessions", "", "GET", null, null, timeoutMillis);
    }

    public void collect(@ExchangeProperty(ExchangeProperties.SESSION_ANSWERS) Queue<byte[]> answers, @Body byte[] answer) {
        answers.add(answer);
    }

    /** bbb-web's getSessions document over the sessions of every node that answered. */
    public String merged(@ExchangeProperty(ExchangeProperties.SESSION_ANSWERS) Queue<byte[]> answers,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant) {
        Set<String> tenantMeetings = tenant == null ? null : registry.servableMeetings().stream()
                .map(PolledMeeting::meetingId).filter(tenant::owns).map(UserSessions::sha1)
                .collect(Collectors.toSet());
        StringBuilder sessions = new StringBuilder();
        for (byte[] answer : answers) {
            NodeList meetings;
            try {
                meetings = NodeAnswers.parse(answer).getElementsByTagName("meeting");
            } catch (RuntimeException e) {
                continue; // not a BBB document: that node's sessions are left out
            }
            for (int i = 0; i < meetings.getLength(); i++) {
                Element meeting = (Element) meetings.item(i);
                String internalId = NodeAnswers.text(meeting, "meetingID");
                if (tenantMeetings == null || internalId != null
                        && tenantMeetings.contains(internalId.split("-", 2)[0])) {
                    sessions.append(NodeAnswers.xml(meeting));
                }
            }
        }
        if (sessions.length() == 0) {
            return "<response><returncode>SUCCESS</returncode><sessions/><messageKey>noSessions</messageKey>"
                    + "<message>no sessions were found on this server</message></response>";
        }
        return "<response><returncode>SUCCESS</returncode><sessions>" + sessions + "</sessions></response>";
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JVM without SHA-1", e);
        }
    }
}
