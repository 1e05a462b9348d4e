package io.caravan.wiring;

import io.caravan.callbacks.CallbackTokens;
import io.caravan.callbacks.CallbackUrls;
import io.caravan.callbacks.NodeCallbacks;
import io.caravan.config.Settings;
import io.caravan.inventory.Tenants;
import io.caravan.nodecalls.NodeClient;
import io.caravan.nodecalls.RawUrlHttpBinding;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callback URLs on create and the callbacks nodes send to them. Tokens are signed with caravan.callbacks.key, else
 * with a key derived from the first global secret, else from the first tenant's first secret.
 */
public class CallbacksConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CallbacksConfiguration.class);

    @BindToRegistry
    public CallbackUrls callbackUrls(Settings settings, Tenants tenants) {
        CallbackTokens tokens = tokens(settings, tenants);
        CallbackUrls urls = new CallbackUrls(settings.publicUrl(), tokens);
        if (!urls.enabled()) {
            LOG.info("callbacks go from the nodes straight to the clients' URLs (set caravan.public-url{} to pass "
                    + "them through Caravan)", tokens == null ? " and caravan.callbacks.key" : "");
        } else if (settings.callbacksKey().isEmpty()) {
            LOG.info("callback tokens are signed with a key derived from a secret: changing that secret invalidates "
                    + "the callback URLs of running meetings (set caravan.callbacks.key to avoid this)");
        }
        return urls;
    }

    @BindToRegistry
    public NodeCallbacks nodeCallbacks(Settings settings, Tenants tenants, NodeRegistry registry) {
        return new NodeCallbacks(tokens(settings, tenants), registry::nodes, tenants::named, settings.secrets(),
                settings.callbackTimeoutMillis());
    }

    @BindToRegistry
    public RawUrlHttpBinding callbackHttpBinding(NodeClient nodeClient) {
        return new RawUrlHttpBinding(nodeClient.webClient(), ExchangeProperties.CALLBACK_DELIVERY);
    }

    /**
     * The tokens' signer, or null when there is no key to sign with. Built for the URLs and for the callbacks alike:
     * from one key, so the tokens one issues the other verifies.
     */
    static CallbackTokens tokens(Settings settings, Tenants tenants) {
        String secret = !settings.secrets().isEmpty() ? settings.secrets().get(0)
                : tenants.all().stream().flatMap(t -> t.secrets().stream()).findFirst().orElse("");
        return settings.callbacksKey().isEmpty() && secret.isEmpty() ? null
                : new CallbackTokens(CallbackTokens.key(settings.callbacksKey(), secret));
    }
}
