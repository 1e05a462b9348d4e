package io.caravan.recordings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.caravan.bbb.NodeAnswers;
import io.caravan.config.Settings.RecordingSettings;
import io.caravan.inventory.Node;
import io.caravan.nodecalls.NodeCall;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import io.caravan.shared.SharedEvents;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.w3c.dom.Element;

/**
 * The poll that fills the {@link RecordingIndex}: every node's recordings listed page by page (the routes
 * poll-recordings and poll-recordings-node), a node's listed again after its recording-ready callback (callback-in),
 * and the nodes another instance changed recordings on polled here too.
 */
public final class RecordingsPoller {

    private final RecordingIndex index;
    private final NodeRegistry registry;
    private final boolean enabled;
    private final int pageSize;
    private final ListedRecordings listed;
    private final SharedEvents events;
    private final long pollTimeoutMillis;

    public RecordingsPoller(RecordingIndex index, NodeRegistry registry, RecordingSettings settings,
            SharedEvents events, long pollTimeoutMillis) {
        this.index = index;
        this.registry = registry;
        this.enabled = settings.enabled();
        this.pageSize = settings.pageSize();
        this.listed = new ListedRecordings(new PlaybackHost(settings.playbackHost()));
        this.events = events;
        this.pollTimeoutMillis = pollTimeoutMillis;
    }

    /** Whether nodes are polled for recordings at all (caravan.recordings.enabled). */
    public boolean enabled() {
        return enabled;
    }

    /** Every node that is polled for meetings; offline ones fail their call and keep their recordings listed. */
    public List<Node> nodesToPoll() {
        return enabled ? registry.nodesToPoll() : List.of();
    }

    public RecordingsPoll startPoll(@Body Node node) {
        return new RecordingsPoll(node, pageSize);
    }

    public boolean morePages(@ExchangeProperty(ExchangeProperties.RECORDINGS_POLL) RecordingsPoll poll) {
        return !poll.done();
    }

    /** getRecordings of every state, one page; bbb-web before 2.6 ignores offset and limit and lists them all. */
    public NodeCall pageCall(@ExchangeProperty(ExchangeProperties.RECORDINGS_POLL) RecordingsPoll poll) {
        return NodeCalls.signed(poll.node(), "getRecordings",
                "state=any&offset=" + poll.offset() + "&limit=" + poll.pageSize(), "GET", null, null,
                pollTimeoutMillis);
    }

    public void recordPage(@ExchangeProperty(ExchangeProperties.RECORDINGS_POLL) RecordingsPoll poll,
            @Body byte[] answer) {
        NodeAnswers.RecordingsPage page = NodeAnswers.recordingsPage(answer);
        List<IndexedRecording> recordings = new ArrayList<>();
        for (Element recording : page.recordings()) {
            listed.read(recording, poll.node()).ifPresent(recordings::add);
        }
        poll.add(recordings, page.totalElements());
    }

    /** Only a poll that read every page replaces the node's recordings; a failed page leaves them as they were. */
    public void finishPoll(@ExchangeProperty(ExchangeProperties.RECORDINGS_POLL) RecordingsPoll poll) {
        index.syncNode(poll.node().name(), poll.recordings());
    }

    /** Whether a recording-ready callback from this node should refresh its recordings in the index first. */
    public boolean refreshAfterCallback(@ExchangeProperty(ExchangeProperties.RECORDING_READY_NODE) Node node) {
        return enabled && node != null;
    }

    /** The node's recordings were indexed again after its recording-ready callback: the others do it too. */
    public void announceRefresh(@ExchangeProperty(ExchangeProperties.RECORDING_READY_NODE) Node node) {
        new RecordingsChanged(List.of(node.name()), List.of()).publish(events);
    }

    /**
     * With instances sharing state: a change made through another instance removes the recordings it deleted from
     * this index and polls the nodes it touched, so every instance's getRecordings shows it at once.
     */
    public void followChangesElsewhere(Consumer<Node> poll) {
        RecordingsChanged.onElsewhere(events, changed -> {
            changed.deleted().forEach(index::remove);
            changed.nodes().forEach(name -> registry.node(name).ifPresent(poll));
        });
    }
}
