package io.caravan.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Caravan's and Camel's metrics in Prometheus' text format, from the one registry both write to. */
public final class MetricsText {

    private final PrometheusMeterRegistry registry;

    public MetricsText(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public String scrape() {
        return registry.scrape();
    }
}
