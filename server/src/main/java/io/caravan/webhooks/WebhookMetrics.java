package io.caravan.webhooks;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Events the nodes posted to Caravan's hooks ({@code caravan.webhook.events}, by node and kind) and what became of
 * their deliveries to the clients' hooks ({@code caravan.webhook.deliveries}, by outcome). No callback URL, hook or
 * tenant becomes a tag: a client could otherwise make series without end.
 */
public final class WebhookMetrics {

    /** What one attempt of a delivery came to. */
    public enum Outcome {
        /** the client answered 2xx or 401 */
        DELIVERED,
        /** an attempt after a failed one */
        RETRIED,
        /** the last retry failed too, and the hook was removed */
        FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String EVENTS = "caravan.webhook.events";
    static final String DELIVERIES = "caravan.webhook.deliveries";

    private final MeterRegistry meters;
    private final Map<Outcome, Counter> deliveries = new EnumMap<>(Outcome.class);

    public WebhookMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (Outcome outcome : Outcome.values()) {
            deliveries.put(outcome, Counter.builder(DELIVERIES).tag("outcome", outcome.tag())
                    .description("deliveries of node events to the clients' hooks, by outcome").register(meters));
        }
    }

    /** Events of a post whose checksum verified; {@code raw} for Caravan's getRaw hook. */
    void received(String node, boolean raw, int events) {
        // nodes are few and named by the inventory; Micrometer keeps each counter once registered
        Counter.builder(EVENTS).tag("node", node).tag("kind", raw ? "raw" : "mapped")
                .description("events the nodes posted to Caravan's hooks, by node and kind (mapped, raw)")
                .register(meters).increment(events);
    }

    void delivery(Outcome outcome) {
        deliveries.get(outcome).increment();
    }
}
