package io.caravan.recordings;
import java.util.List;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.NodeAnswers;
import io.caravan.bbb.QueryParams;
import io.caravan.config.Settings.RecordingSettings;
import io.caravan.inventory.Node;
import io.caravan.nodecalls.NodeCall;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.w3c.dom.Element;

/**
 * recordIDs a change or a text track call names that the index does not know yet (finished after the node's last
 * poll, no callback through Caravan): the online nodes are asked about them, and what they have joins the index
 * before the call goes on. The steps of the routes find-unknown-recordings and find-recordings-on-node.
 */
public final class RecordingSearch {

    private final RecordingIndex index;
    private final NodeRegistry registry;
    private final boolean enabled;
    private final ListedRecordings listed;
    private final long pollTimeoutMillis;

    public RecordingSearch(RecordingIndex index, NodeRegistry registry, RecordingSettings settings,
            long pollTimeoutMillis) {
        this.index = index;
        this.registry = registry;
        this.enabled = settings.enabled();
        this.listed = new ListedRecordings(new PlaybackHost(settings.playbackHost()));
        this.pollTimeoutMillis = pollTimeoutMillis;
    }

    /**
     * Whether the call names recordIDs the index does not know: they are then looked for on the online nodes first,
     * in exchange property {@link ExchangeProperties#UNKNOWN_RECORD_IDS}.
     */
    public boolean lookForUnknown(Exchange exchange,
            @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request) {
        if (!enabled) {
            return false;
        }
        List<String> unknown = RecordingParams.commaList(RecordingParams.recordID(request)).stream()
                .filter(id -> index.get(id).isEmpty()).distinct().toList();
        exchange.setProperty(ExchangeProperties.UNKNOWN_RECORD_IDS, unknown);
        return !unknown.isEmpty();
    }

    /** The nodes asked about unknown recordIDs: those that can answer. */
    public List<Node> nodesToAsk() {
        return registry.onlineNodes();
    }

    public NodeCall findCall(@Body Node node,
            @ExchangeProperty(ExchangeProperties.UNKNOWN_RECORD_IDS) List<String> unknown) {
        return NodeCalls.signed(node, "getRecordings", "state=any&recordID="
                + QueryParams.encode(String.join(",", unknown)), "GET", null, null, pollTimeoutMillis);
    }

    /** What a node answered about unknown recordIDs goes into the index. */
    public void learnFound(@ExchangeProperty(ExchangeProperties.NODE) Node node, @Body byte[] answer) {
        for (Element recording : NodeAnswers.recordingsPage(answer).recordings()) {
            listed.read(recording, node).ifPresent(index::add);
        }
    }
}
