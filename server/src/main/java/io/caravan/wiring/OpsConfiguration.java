package io.caravan.wiring;

import java.util.ArrayList;
import java.util.List;

import io.caravan.admin.AdminGate;
import io.caravan.config.Settings;
import io.caravan.inventory.Tenants;
import io.caravan.nodes.InFlightLimit;
import io.caravan.nodes.NodeRegistry;
import io.caravan.ops.AdminAccess;
import io.caravan.ops.ApiMetrics;
import io.caravan.ops.HealthReport;
import io.caravan.ops.MetricsText;
import io.caravan.ops.NodeMetrics;
import io.caravan.ops.OpsResponses;
import io.caravan.ops.Redaction;
import io.caravan.ops.StatusPage;
import io.caravan.ops.Statistics;
import io.caravan.ops.TenantMetrics;
import io.caravan.recordings.RecordingIndex;
import io.caravan.store.Redis;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/** Operations (routes/ops.camel.yaml, status.camel.yaml): health, statistics, metrics and the status page. */
public class OpsConfiguration implements CamelConfiguration {

    /** /health, with every secret Caravan knows (the nodes', the tenants', Redis's password) redacted. */
    @BindToRegistry
    public HealthReport healthReport(Settings settings, NodeRegistry registry, Tenants tenants, SharedStore store) {
        Redis redis = store.redis().orElse(null);
        Redaction redaction = new Redaction(() -> {
            List<String> secrets = new ArrayList<>(settings.secrets());
            registry.nodes().forEach(node -> secrets.add(node.secret()));
            tenants.all().forEach(tenant -> secrets.addAll(tenant.secrets()));
            if (redis != null && !redis.password().isEmpty()) {
                secrets.add(redis.password());
            }
            return secrets;
        });
        return new HealthReport(registry, redaction, redis);
    }

    /** Lazy: the tenant metrics below take it. */
    @BindToRegistry(lazy = true)
    public Statistics statistics(NodeRegistry registry, Tenants tenants) {
        return new Statistics(registry, tenants);
    }

    @BindToRegistry
    public AdminAccess adminAccess(AdminGate adminGate, Tenants tenants) {
        return new AdminAccess(adminGate, tenants);
    }

    @BindToRegistry
    public OpsResponses opsResponses() {
        return new OpsResponses();
    }

    @BindToRegistry
    public MetricsText metricsText(PrometheusMeterRegistry meters) {
        return new MetricsText(meters);
    }

    @BindToRegistry
    public ApiMetrics apiMetrics(PrometheusMeterRegistry meters) {
        return new ApiMetrics(meters);
    }

    @BindToRegistry
    public NodeMetrics nodeMetrics(NodeRegistry registry, RecordingIndex recordings, PrometheusMeterRegistry meters,
            InFlightLimit inFlight) {
        return new NodeMetrics(registry, recordings, meters, inFlight);
    }

    @BindToRegistry
    public TenantMetrics tenantMetrics(Tenants tenants, Statistics statistics, PrometheusMeterRegistry meters) {
        return new TenantMetrics(tenants, statistics, meters);
    }

    @BindToRegistry
    public StatusPage statusPage() {
        return new StatusPage();
    }
}
