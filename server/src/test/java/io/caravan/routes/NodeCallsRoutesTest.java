package io.caravan.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.inventory.Node;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.support.BbbClient;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** routes/node-calls.camel.yaml: a call to a node, and finding the node of a meeting Caravan did not place. */
class NodeCallsRoutesTest extends RouteTestSupport {

    private Exchange call(String node, String call, String query) {
        Node target = registry().node(node).orElseThrow();
        return template.send("direct:call-node", exchange -> {
            exchange.setProperty(ExchangeProperties.NODE, target);
            exchange.setProperty(ExchangeProperties.NODE_CALL,
                    NodeCalls.signed(target, call, query, "GET", null, null, 2000));
        });
    }

    @Test
    void callNodeKeepsTheNodesAnswer() {
        node(0).clearCalls();
        Exchange answered = call("bbb1", "getMeetings", "");
        assertNull(answered.getException());
        assertTrue(answered.getMessage().getBody(String.class).contains("<returncode>SUCCESS</returncode>"));
        assertEquals(1, node(0).calls("getMeetings").size(), "the call reached bbb1, signed with its secret");
    }

    @Test
    void anAnswerThatIsNotBbbXmlIsAFailureOfTheNode() {
        node(1).garbage(true);
        try {
            Exchange failed = call("bbb2", "getMeetings", "");
            assertNotNull(failed.getException(), "the failure goes back to the caller");
        } finally {
            node(1).garbage(false);
        }
    }

    @Test
    void locateMeetingFindsAMeetingOnlyItsNodeKnows() {
        // created on bbb2 behind Caravan's back, e.g. before a restart: no directory entry, no poll yet
        new BbbClient(node(1).baseUrl(), NODE_SECRET).get("create", "name=Elsewhere&meetingID=route-elsewhere");
        Exchange located = template.send("direct:locate-meeting",
                exchange -> exchange.setProperty(ExchangeProperties.MEETING_ID, "route-elsewhere"));
        assertEquals("bbb2", located.getProperty(ExchangeProperties.NODE, Node.class).name());

        Exchange unknown = template.send("direct:locate-meeting",
                exchange -> exchange.setProperty(ExchangeProperties.MEETING_ID, "route-nowhere"));
        assertNull(unknown.getProperty(ExchangeProperties.NODE));
    }
}
