package io.caravan.wiring;

import io.caravan.config.Settings;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.nodecalls.NodeClient;
import io.caravan.nodecalls.RawUrlHttpBinding;
import io.caravan.nodes.InFlightLimit;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.vertx.http.VertxHttpComponent;

/**
 * Calls to nodes: the node client (its own Vert.x and HTTP client) under the vertx-http component, the binding that
 * sends a call's URL as it is, each node's limit of calls in flight, and {@code nodeCalls}.
 */
public class NodeCallsConfiguration implements CamelConfiguration {

    /**
     * Lazy: the bindings here and in the callbacks area take it. Never the API server's Vert.x, and never bound as a
     * Vertx bean: platform-http would pick that up, and proxied requests deadlock on a shared instance.
     */
    @BindToRegistry(lazy = true)
    public NodeClient nodeClient(Settings settings, CamelContext context) throws Exception {
        NodeClient nodeClient = new NodeClient(settings.connectionsPerNode(), 40);
        context.addService(nodeClient, true, true);
        // camel-vertx-http 4.18.0 fails at start with "vertx is null" unless its component is given a Vert.x in code
        VertxHttpComponent vertxHttp = new VertxHttpComponent();
        vertxHttp.setVertx(nodeClient.vertx());
        context.addComponent("vertx-http", vertxHttp);
        return nodeClient;
    }

    /** Lazy: nodeCalls below takes it (and placement and the node metrics after). */
    @BindToRegistry(lazy = true)
    public InFlightLimit inFlightLimit(Settings settings) {
        return new InFlightLimit(settings.maxInFlightPerNode());
    }

    @BindToRegistry
    public RawUrlHttpBinding nodeHttpBinding(NodeClient nodeClient) {
        return new RawUrlHttpBinding(nodeClient.webClient(), ExchangeProperties.NODE_CALL);
    }

    @BindToRegistry
    public NodeCalls nodeCalls(Settings settings, InFlightLimit inFlight, NodeRegistry registry,
            PrometheusMeterRegistry meters) {
        return new NodeCalls(settings.nodeTimeoutMillis(), settings.lookupTimeoutMillis(), inFlight, registry, meters);
    }
}
