package io.caravan.wiring;

import java.io.IOException;

import io.caravan.config.Settings;
import io.caravan.inventory.Tenants;
import io.caravan.nodes.NodeRegistry;
import io.caravan.recordings.RecordingCalls;
import io.caravan.recordings.RecordingIndex;
import io.caravan.recordings.RecordingSearch;
import io.caravan.recordings.RecordingUploads;
import io.caravan.recordings.RecordingsPoller;
import io.caravan.storage.FileSystemRecordingStore;
import io.caravan.storage.RecordingArchive;
import io.caravan.storage.RecordingStore;
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

    /** Recordings the nodes upload, in caravan.recordings.storage-dir (the filesystem; object storage comes later). */
    @BindToRegistry
    public RecordingUploads recordingUploads(Settings settings, NodeRegistry registry, Tenants tenants)
            throws IOException {
        Settings.UploadSettings uploads = settings.uploads();
        RecordingStore store = new FileSystemRecordingStore(uploads.storageDir(),
                new RecordingArchive(uploads.maxFiles(), uploads.maxBytes()));
        return new RecordingUploads(registry, tenants, store, uploads.maxBytes(), uploads.idleTimeoutMillis());
    }

    @BindToRegistry
    public RecordingSearch recordingSearch(Settings settings, RecordingIndex index, NodeRegistry registry) {
        return new RecordingSearch(index, registry, settings.recordings(), settings.pollTimeoutMillis());
    }
}
