package io.caravan.wiring;

import io.caravan.config.Settings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** Binds {@code settings}, first: the other configuration classes take their values from it, never from properties. */
public class SettingsConfiguration implements CamelConfiguration {

    /** Every caravan.* key read and validated (the error names the key), and the routes' periods published. */
    @BindToRegistry
    public Settings settings(CamelContext context) {
        return Settings.readAndPublish(context.getPropertiesComponent());
    }
}
