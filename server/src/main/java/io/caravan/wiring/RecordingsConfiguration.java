package io.caravan.wiring;

import io.caravan.config.Settings;
import io.caravan.nodes.NodeRegistry;
import io.caravan.recordings.RecordingCalls;
import io.caravan.recordings.RecordingIndex;
import io.caravan.recordings.RecordingSearch;
import io.caravan.recordings.RecordingsPoller;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/**
 * The recordings index, its poll of the nodes, the recording calls and the search for recordings the index does not
 * know yet (routes/recordings.camel.yaml).
 */
public class RecordingsConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public RecordingIndex recordingIndex() {
        return new RecordingIndex();
    }

    @BindToRegistry
    public RecordingsPoller recordingsPoller(Settings settings, RecordingIndex index, NodeRegistry registry,
            SharedStore store, CamelContext context) {
        RecordingsPoller poller = new RecordingsPoller(index, registry, settings.recordings(), store.events(),
                settings.pollTimeoutMillis());
        if (store.redis().isPresent()) {
            // a change another instance made to a node's recordings makes this instance poll that node again
            ProducerTemplate poll = context.createProducerTemplate();
            poller.followChangesElsewhere(node -> poll.asyncSendBody("direct:poll-recordings-node", node));
        }
        return poller;
    }

    @BindToRegistry
    public RecordingCalls recordingCalls(Settings settings, RecordingIndex index, NodeRegistry registry,
            SharedStore store) {
        return new RecordingCalls(index, registry, settings.recordings(), store.events(), settings.nodeTimeoutMillis());
    }

    @BindToRegistry
    public RecordingSearch recordingSearch(Settings settings, RecordingIndex index, NodeRegistry registry) {
        return new RecordingSearch(index, registry, settings.recordings(), settings.pollTimeoutMillis());
    }
}
