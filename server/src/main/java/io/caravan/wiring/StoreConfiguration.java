package io.caravan.wiring;

import java.time.Duration;
import java.util.Optional;

import io.caravan.config.Settings;
import io.caravan.config.StoreSettings;
import io.caravan.inventory.AdminStateFile;
import io.caravan.shared.SharedEvents;
import io.caravan.store.Redis;
import io.caravan.store.RedisAdminState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store and the events between instances: Redis when caravan.store=redis, else this instance alone. */
public class StoreConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StoreConfiguration.class);

    @BindToRegistry
    public SharedStore sharedStore(Settings settings, CamelContext context, PrometheusMeterRegistry meters)
            throws Exception {
        StoreSettings store = settings.store();
        AdminStateFile file = new AdminStateFile(settings.dataDir());
        if (!store.redis()) {
            return new SharedStore(Optional.empty(), SharedEvents.local(), file);
        }
        Redis redis = new Redis(store.redisUrl(), Duration.ofMillis(store.timeoutMillis()), store.keyPrefix());
        SharedStore shared = new SharedStore(Optional.of(redis), SharedEvents.over(redis),
                new RedisAdminState(redis, file));
        // connected now, before the inventory area reads the inventory: the admin changes in Redis are part of the
        // inventory the routes start with; the context stops it with the other services
        redis.start();
        context.addService(redis, true, false);
        LOG.info("shared state in Redis at {} (keys {}*)", redis.address(), store.keyPrefix());
        Gauge.builder("caravan.store.available", redis, r -> r.available() ? 1 : 0)
                .description("1 while the shared store (Redis) answers, 0 while creates are refused").register(meters);
        return shared;
    }
}
