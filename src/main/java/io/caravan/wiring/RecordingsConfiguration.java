package io.caravan.wiring;

import io.caravan.config.Settings;
import io.caravan.nodes.NodeRegistry;
import io.caravan.recordings.RecordingIndex;
import io.caravan.recordings.Recordings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/** The recordings index, its poll of the nodes and the recording calls (routes/recordings.camel.yaml). */
public class RecordingsConfiguration implements CamelConfiguration {

    @BindToRegistry
    public Recordings recordings(Settings settings, NodeRegistry registry, SharedStore store, CamelContext context) {
        Recordings recordings = new Recordings(new RecordingIndex(), registry, settings.recordings(),
                settings.pollTimeoutMillis(), settings.nodeTimeoutMillis());
        if (store.redis().isPresent()) {
            // a change another instance made to a node's recordings makes this instance poll that node again
            ProducerTemplate poll = context.createProducerTemplate();
            recordings.shareChanges(store.events(), node -> poll.asyncSendBody("direct:poll-recordings-node", node));
        }
        return recordings;
    }
}
