package io.caravan.ops;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import io.caravan.inventory.Tenant;
import io.caravan.inventory.Tenants;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gauges of each declared tenant's meetings and attendees at the last polls and of its limits, read when scraped. Tenant names come
 * from the inventory, so the number of series is bounded by it; a tenant removed from it reads NaN.
 */
public final class TenantMetrics {

    private final Tenants tenants;
    private final Statistics statistics;
    private final MeterRegistry meters;
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public TenantMetrics(Tenants tenants, Statistics statistics, MeterRegistry meters) {
        this.tenants = tenants;
        this.statistics = statistics;
        this.meters = meters;
    }

    /** Called before each scrape: tenants declared since the last one get their gauges. */
    public void gaugeTenants() {
        for (Tenant tenant : tenants.all()) {
            if (gauged.add(tenant.name())) {
                gauge("caravan.tenant.meetings", tenant.name(), "meetings of the tenant at the last polls",
                        Statistics.TenantFigures::meetings);
                gauge("caravan.tenant.attendees", tenant.name(), "attendees of the tenant at the last polls",
                        Statistics.TenantFigures::attendees);
                // the limits beside the usage, so dashboards and alerts can divide one by the other
                limit("caravan.tenant.max.meetings", tenant.name(), "meetings the tenant may have at once, 0: no limit",
                        Tenant::maxMeetings);
                limit("caravan.tenant.max.attendees", tenant.name(),
                        "attendees the tenant may have over its meetings, 0: no limit", Tenant::maxAttendees);
            }
        }
    }

    private void limit(String metric, String name, String description, ToDoubleFunction<Tenant> value) {
        // read from the current inventory, so a limit changed through the admin API shows at the next scrape
        Gauge.builder(metric, tenants, t -> t.named(name).map(value::applyAsDouble).orElse(Double.NaN))
                .description(description).tag("tenant", name).register(meters);
    }

    private void gauge(String metric, String name, String description,
            ToDoubleFunction<Statistics.TenantFigures> value) {
        Gauge.builder(metric, statistics, s -> s.tenant(name).map(value::applyAsDouble).orElse(Double.NaN))
                .description(description).tag("tenant", name).register(meters);
    }
}
