package io.caravan.wiring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;

/**
 * The one meter registry, bound early because the areas after it record into it (the API gate, placement, node calls)
 * and register their gauges on it (the store, the API server); the ops area serves it at /metrics.
 */
public class MetricsConfiguration implements CamelConfiguration {

    /**
     * Caravan's metrics and Camel's own in one Prometheus registry: camel.metrics.* binds its route and exchange
     * metrics to the registry named metricsRegistry, creating one if there is none yet.
     */
    @BindToRegistry(MicrometerConstants.METRICS_REGISTRY_NAME)
    public PrometheusMeterRegistry metricsRegistry(Registry registry) {
        MeterRegistry existing = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        if (existing instanceof PrometheusMeterRegistry prometheus) {
            return prometheus;
        }
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
}
