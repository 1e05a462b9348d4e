package io.caravan.recordings;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.bbb.QueryParams;
import io.caravan.config.Settings.RecordingSettings;
import io.caravan.inventory.Cluster;
import io.caravan.inventory.Inventory;
import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import io.caravan.nodecalls.NodeCall;
import io.caravan.nodes.NodeRegistry;
import io.caravan.shared.SharedEvents;
import org.junit.jupiter.api.Test;

/** One node's recordings poll, page by page, as the route poll-recordings-node calls the steps. */
class RecordingsPollerTest {

    private final Node bbb1 = new Node("bbb1", "http://bbb1/bigbluebutton/api", "secret", Cluster.DEFAULT,
            NodeState.ENABLED, List.of(), 1, ChecksumAlgorithm.SHA256, null);
    private final RecordingIndex index = new RecordingIndex();
    private final RecordingsPoller poller = new RecordingsPoller(index,
            new NodeRegistry(new Inventory(List.of(bbb1), Map.of()), 2, 1, 1), new RecordingSettings(true, 2, ""),
            SharedEvents.local(), 1000);

    /** A getRecordings answer with these recordIDs, and totalElements unless null (a node before bbb-web 2.6). */
    private static byte[] page(Integer totalElements, String... recordIDs) {
        StringBuilder xml = new StringBuilder("<response><returncode>SUCCESS</returncode><recordings>");
        for (String recordID : recordIDs) {
            xml.append("<recording><recordID>").append(recordID).append("</recordID><meetingID>lecture</meetingID>")
                    .append("<state>published</state><startTime>1700000000000</startTime></recording>");
        }
        xml.append("</recordings>");
        if (totalElements != null) {
            xml.append("<totalElements>").append(totalElements).append("</totalElements>");
        }
        return xml.append("</response>").toString().getBytes(UTF_8);
    }

    /** The offset and limit the next page is asked with. */
    private String nextPage(RecordingsPoll poll) {
        NodeCall call = poller.pageCall(poll);
        Map<String, List<String>> query = QueryParams.decode(call.url().substring(call.url().indexOf('?') + 1));
        assertEquals("any", query.get("state").get(0));
        return query.get("offset").get(0) + "+" + query.get("limit").get(0);
    }

    @Test
    void aPagingNodeIsAskedPageByPageUntilItsTotalElements() {
        index.syncNode("bbb1", List.of(new IndexedRecording("rec-gone", "bbb1", "lecture", "published", 0, Map.of(),
                "<recording/>")));
        RecordingsPoll poll = poller.startPoll(bbb1);

        assertEquals("0+2", nextPage(poll));
        poller.recordPage(poll, page(5, "rec-1", "rec-2"));
        assertTrue(poller.morePages(poll));
        assertEquals("2+2", nextPage(poll));
        poller.recordPage(poll, page(5, "rec-3", "rec-4"));
        assertEquals("4+2", nextPage(poll));
        assertEquals(1, index.countOn("bbb1"), "the index changes only when the poll is finished");
        poller.recordPage(poll, page(5, "rec-5"));
        assertFalse(poller.morePages(poll));

        poller.finishPoll(poll);
        assertEquals(5, index.countOn("bbb1"));
        assertTrue(index.get("rec-gone").isEmpty(), "what the node no longer lists leaves the index");
        assertEquals("bbb1", index.get("rec-5").orElseThrow().nodeName());
    }

    @Test
    void aNodeThatDoesNotPageIsAskedOnce() {
        RecordingsPoll poll = poller.startPoll(bbb1);
        poller.recordPage(poll, page(null, "rec-1", "rec-2", "rec-3"));
        assertFalse(poller.morePages(poll));
        poller.finishPoll(poll);
        assertEquals(3, index.countOn("bbb1"));
    }

    @Test
    void aNodeThatIgnoresTheOffsetIsNotAskedForeverForTheSamePage() {
        RecordingsPoll poll = poller.startPoll(bbb1);
        poller.recordPage(poll, page(6, "rec-1", "rec-2"));
        assertTrue(poller.morePages(poll));
        poller.recordPage(poll, page(6, "rec-1", "rec-2"));
        assertFalse(poller.morePages(poll), "the same page again: the node ignored offset");
        poller.finishPoll(poll);
        assertEquals(2, index.countOn("bbb1"));
    }
}
