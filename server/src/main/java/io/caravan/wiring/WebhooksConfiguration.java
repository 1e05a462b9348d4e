package io.caravan.wiring;

import java.util.function.UnaryOperator;

import io.caravan.bbb.PolledMeeting;
import io.caravan.callbacks.CallbackTokens;
import io.caravan.config.Settings;
import io.caravan.inventory.Tenants;
import io.caravan.nodecalls.NodeClient;
import io.caravan.nodecalls.RawUrlHttpBinding;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import io.caravan.store.RedisHooks;
import io.caravan.webhooks.Hook;
import io.caravan.webhooks.Hooks;
import io.caravan.webhooks.HooksApi;
import io.caravan.webhooks.HooksFile;
import io.caravan.webhooks.InternalMeetingIds;
import io.caravan.webhooks.NodeEvents;
import io.caravan.webhooks.NodeHooks;
import io.caravan.webhooks.WebhookMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hooks API Caravan answers (routes/webhooks.camel.yaml), its hook on every node and the delivery of the nodes'
 * events to the clients' hooks. The hooks are kept in Redis when instances share their state, else in
 * {@code <caravan.data-dir>/hooks.json}.
 */
public class WebhooksConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WebhooksConfiguration.class);

    @BindToRegistry(lazy = true)
    public Hooks hooks(Settings settings, SharedStore sharedStore) {
        return sharedStore.redis().<Hooks>map(RedisHooks::new)
                .orElseGet(() -> new HooksFile(settings.dataDir().resolve("hooks.json")));
    }

    @BindToRegistry
    public HooksApi hooksApi(Settings settings, Tenants tenants, Hooks hooks) {
        return new HooksApi(hooks, secretId(settings, tenants));
    }

    @BindToRegistry
    public NodeEvents nodeEvents(Settings settings, Tenants tenants, NodeRegistry registry, Hooks hooks,
            PrometheusMeterRegistry meters) {
        InternalMeetingIds meetingIds = new InternalMeetingIds(() -> registry.servableMeetings().stream()
                .map(PolledMeeting::meetingId).toList());
        return new NodeEvents(registry::node, settings.publicUrl(), hooks, tenants::named, settings.secrets(),
                secretId(settings, tenants), settings.webhooks().checksum(), settings.webhooks().timeoutMillis(),
                meetingIds, new WebhookMetrics(meters));
    }

    @BindToRegistry
    public NodeHooks nodeHooks(Settings settings, NodeRegistry registry, Hooks hooks) {
        if (settings.publicUrl().isEmpty()) {
            LOG.info("no hook of Caravan's on the nodes, so no events for the clients' hooks (set caravan.public-url)");
        }
        return new NodeHooks(registry::onlineNodes, settings.publicUrl(), settings.nodeTimeoutMillis(),
                () -> hooks.all().stream().anyMatch(Hook::raw));
    }

    @BindToRegistry
    public RawUrlHttpBinding webhookHttpBinding(NodeClient nodeClient) {
        return new RawUrlHttpBinding(nodeClient.webClient(), ExchangeProperties.WEBHOOK_DELIVERY);
    }

    /** The same names of secrets the callback tokens use: one key, so a hook keeps its secret across instances. */
    private static UnaryOperator<String> secretId(Settings settings, Tenants tenants) {
        CallbackTokens tokens = CallbacksConfiguration.tokens(settings, tenants);
        return tokens == null ? secret -> null : tokens::secretId;
    }
}
