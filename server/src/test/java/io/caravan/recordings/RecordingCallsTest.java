package io.caravan.recordings;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.bbb.QueryParams;
import io.caravan.config.Settings.RecordingSettings;
import io.caravan.inventory.Cluster;
import io.caravan.inventory.Inventory;
import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import io.caravan.nodecalls.NodeCall;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import io.caravan.shared.SharedEvents;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * publishRecordings, deleteRecordings and updateRecordings: the recordIDs split per owning node, and the nodes'
 * answers merged into one, as the route bbb-change-recordings calls the steps.
 */
class RecordingCallsTest {

    private final RecordingIndex index = new RecordingIndex();
    private final NodeRegistry registry = new NodeRegistry(new Inventory(List.of(node("bbb1"), node("bbb2")),
            Map.of()), 2, 1, 1);
    private final RecordingCalls calls = new RecordingCalls(index, registry, new RecordingSettings(true, 100, ""),
            SharedEvents.local(), 1000, new KeptRecordings(new RecordingCatalogOnDemand(() -> {
                throw new AssertionError("no catalog exists, none is opened");
            }, () -> false), null), (base, recording, format) -> base, "");

    RecordingCallsTest() {
        index.syncNode("bbb1", List.of(recording("bbb1", "rec-1"), recording("bbb1", "rec-2")));
        index.syncNode("bbb2", List.of(recording("bbb2", "rec-3")));
    }

    private static Node node(String name) {
        return new Node(name, "http://" + name + "/bigbluebutton/api", "secret", Cluster.DEFAULT, NodeState.ENABLED,
                List.of(), 1, ChecksumAlgorithm.SHA256, null);
    }

    private static IndexedRecording recording(String node, String recordID) {
        return new IndexedRecording(recordID, node, "lecture", "published", 0, Map.of(), "<recording/>");
    }

    private static ApiRequest request(String call, String query) {
        return new ApiRequest(call, "GET", query + "&checksum=0123", QueryParams.decode(query), null, null);
    }

    private static byte[] answer(String xml) {
        return ("<response>" + xml + "</response>").getBytes(UTF_8);
    }

    /** The recordIDs a call to a node names. */
    private static String recordIDsOf(NodeCall call) {
        return QueryParams.decode(call.url().substring(call.url().indexOf('?') + 1)).get("recordID").get(0);
    }

    /** The steps of bbb-change-recordings from changeCalls to merge, each node answering as given (null: none). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private byte[] change(ApiRequest request, Map<String, byte[]> answers, List<String> answeringOrder) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        List<NodeCall> sent = calls.changeCalls(exchange, request, null);
        List nodeAnswers = exchange.getProperty(ExchangeProperties.RECORDING_NODE_ANSWERS, List.class);
        for (String nodeName : answeringOrder) {
            NodeCall call = sent.stream().filter(c -> c.nodeName().equals(nodeName)).findFirst().orElseThrow();
            calls.collect(nodeAnswers, call, answers.get(nodeName));
        }
        return calls.merge(request, nodeAnswers, List.of());
    }

    @Test
    void eachNodeGetsOnlyItsOwnRecordIDsAndUnknownOnesAreLeftOut() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        List<NodeCall> sent = calls.changeCalls(exchange,
                request("publishRecordings", "recordID=rec-3,rec-9,rec-1,rec-2&publish=false"), null);
        assertEquals(List.of("bbb2", "bbb1"), sent.stream().map(NodeCall::nodeName).toList(),
                "in the order of the recordIDs");
        assertEquals("rec-3", recordIDsOf(sent.get(0)));
        assertEquals("rec-1,rec-2", recordIDsOf(sent.get(1)));
        assertTrue(sent.stream().allMatch(c -> "GET".equals(c.method())));
        assertEquals(List.of("bbb2", "bbb1"), exchange.getProperty(ExchangeProperties.RECORDING_NODES, List.class)
                .stream().map(n -> ((Node) n).name()).toList());
    }

    @Test
    void recordIDsNoNodeHasAreNotFound() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        assertNull(calls.changeCalls(exchange, request("deleteRecordings", "recordID=rec-9"), null));
        assertEquals("notFound", exchange.getProperty(ExchangeProperties.REFUSAL, BbbError.class).messageKey());
    }

    @Test
    void whenEveryNodeSucceedsTheFirstNodesAnswerIsTheAnswer() {
        byte[] first = answer("<returncode>SUCCESS</returncode><published>false</published><!-- bbb1 -->");
        byte[] second = answer("<returncode>SUCCESS</returncode><published>false</published><!-- bbb2 -->");
        byte[] merged = change(request("publishRecordings", "recordID=rec-1,rec-3&publish=false"),
                Map.of("bbb1", first, "bbb2", second), List.of("bbb2", "bbb1"));
        assertSame(first, merged, "the first node's, though it answered last");
        assertEquals(3, index.size(), "a publish leaves the recordings in the index");
    }

    @Test
    void aDeleteOneNodeRefusedAnswersItsFailureAndForgetsWhatTheOtherDeleted() {
        byte[] deleted = answer("<returncode>SUCCESS</returncode><deleted>true</deleted>");
        byte[] refused = answer("<returncode>FAILED</returncode><messageKey>notFound</messageKey>"
                + "<message>We could not find recordings</message>");
        byte[] merged = change(request("deleteRecordings", "recordID=rec-1,rec-2,rec-3"),
                Map.of("bbb1", deleted, "bbb2", refused), List.of("bbb1", "bbb2"));
        assertSame(refused, merged);
        assertTrue(index.get("rec-1").isEmpty());
        assertTrue(index.get("rec-2").isEmpty());
        assertTrue(index.get("rec-3").isPresent(), "the node that refused still has it");
    }

    @Test
    void aNodeThatDidNotAnswerIsLeftOutAndNoAnswerAtAllIsUnreachable() {
        byte[] deleted = answer("<returncode>SUCCESS</returncode><deleted>true</deleted>");
        ApiRequest delete = request("deleteRecordings", "recordID=rec-1,rec-3");
        assertSame(deleted, change(delete, Map.of("bbb2", deleted), List.of("bbb2")));
        assertTrue(index.get("rec-1").isPresent(), "bbb1 never said it deleted rec-1");
        assertTrue(index.get("rec-3").isEmpty());

        BbbError unreachable = assertThrows(BbbError.class,
                () -> change(request("updateRecordings", "recordID=rec-1&meta_x=y"), Map.of(), List.of()));
        assertEquals(BbbError.nodeUnreachable().messageKey(), unreachable.messageKey());
    }
}
