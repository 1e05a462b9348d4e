package io.caravan.wiring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;

import io.caravan.config.Settings;
import io.caravan.inventory.ParameterRules;
import io.caravan.inventory.Tenant;
import io.caravan.inventory.Tenants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Callback URLs pass through Caravan only with a public URL and a key to sign their tokens with. */
class CallbacksConfigurationTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final CallbacksConfiguration callbacks = new CallbacksConfiguration();
    private final Tenants noTenants = new Tenants(List::of);

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    private Settings settings(String... keyValues) {
        Properties props = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.setProperty(keyValues[i], keyValues[i + 1]);
        }
        camel.getPropertiesComponent().setInitialProperties(props);
        return Settings.read(camel.getPropertiesComponent());
    }

    @Test
    void withoutAPublicUrlCallbacksGoStraightToTheClients() {
        assertFalse(callbacks.callbackUrls(settings("caravan.secret", "s", "caravan.callbacks.key", "k"), noTenants)
                .enabled());
    }

    @Test
    void theConfiguredKeySignsTheTokens() {
        assertTrue(callbacks.callbackUrls(settings("caravan.public-url", "https://lb.example.org",
                "caravan.callbacks.key", "k"), noTenants).enabled());
    }

    @Test
    void withoutAKeyTheTokensAreSignedWithAKeyDerivedFromTheFirstSecret() {
        assertTrue(callbacks.callbackUrls(settings("caravan.public-url", "https://lb.example.org",
                "caravan.secret", "s"), noTenants).enabled());
    }

    @Test
    void withoutAGlobalSecretTheFirstTenantsSecretIsUsed() {
        Tenants tenants = new Tenants(() -> List.of(new Tenant("acme", List.of("acme-secret"), List.of(), 0, 0,
                List.of(), ParameterRules.NONE, null, null)));
        assertTrue(callbacks.callbackUrls(settings("caravan.public-url", "https://lb.example.org"), tenants)
                .enabled());
    }

    @Test
    void withNothingToSignWithCallbacksGoStraightToTheClients() {
        assertFalse(callbacks.callbackUrls(settings("caravan.public-url", "https://lb.example.org"), noTenants)
                .enabled());
    }
}
