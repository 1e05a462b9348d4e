package io.caravan.wiring;

import io.caravan.config.Settings;
import io.caravan.http.RouteSender;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.nodes.NodeHistory;
import io.caravan.nodes.NodeRegistry;
import io.caravan.polling.NodePoller;
import io.caravan.recordings.RecordingsPoller;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll of the nodes (routes/polling.camel.yaml), and the node registry's calls into it: a new node and a suspect
 * one are asked at once rather than at the next cycle. Also the node history the same file's timer samples.
 */
public class PollingConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PollingConfiguration.class);

    @BindToRegistry
    public NodePoller nodePoller(Settings settings, NodeRegistry registry, MeetingDirectory directory,
            RecordingsPoller recordings, CamelContext context) {
        RouteSender pollNode = new RouteSender(context, "direct:poll-node");
        ProducerTemplate pollRecordings = context.createProducerTemplate();
        registry.onNewNode(node -> {
            // before the routes run, the first poll cycle (which starts at once) asks every node anyway
            if (context.isStarted()) {
                pollNode.send(exchange -> exchange.getMessage().setBody(node), done -> { });
                if (recordings.enabled()) {
                    pollRecordings.asyncSendBody("direct:poll-recordings-node", node);
                }
            }
        });
        // passive health: a suspect node is asked at once whether it is alive (see NodeHealth)
        registry.onSuspect(node -> {
            LOG.warn("node {} is suspect: {}", node.name(), registry.status(node.name())
                    .map(status -> status.lastError()).orElse("calls failed"));
            pollNode.send(exchange -> exchange.getMessage().setBody(node), done -> { });
        });
        return new NodePoller(registry, directory, settings.pollTimeoutMillis(), settings.lookupTimeoutMillis());
    }

    /** The nodes' figures sampled by the history timer (routes/polling.camel.yaml) for the status page's charts. */
    @BindToRegistry
    public NodeHistory nodeHistory(Settings settings, NodeRegistry registry) {
        return new NodeHistory(registry, settings.schedules().historyIntervalMillis(),
                settings.status().historyWindowMillis());
    }
}
