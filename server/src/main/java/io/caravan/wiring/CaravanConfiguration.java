package io.caravan.wiring;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.caravan.admin.AdminGate;
import io.caravan.admin.AdminRequests;
import io.caravan.admin.AdminResponses;
import io.caravan.admin.MeetingAdmin;
import io.caravan.admin.NodeAdmin;
import io.caravan.admin.TenantAdmin;
import io.caravan.api.ApiGate;
import io.caravan.api.ApiRequestReader;
import io.caravan.api.ApiResponses;
import io.caravan.api.JoinRedirect;
import io.caravan.api.RequestValidation;
import io.caravan.bbb.BbbResponses;
import io.caravan.bbb.ChecksumVerifier;
import io.caravan.bbb.JoinErrorRedirect;
import io.caravan.callbacks.CallbackTokens;
import io.caravan.callbacks.CallbackUrls;
import io.caravan.callbacks.NodeCallbacks;
import io.caravan.config.Settings;
import io.caravan.http.ApiServer;
import io.caravan.http.ApiWorkers;
import io.caravan.http.AsyncHttpEngine;
import io.caravan.http.RequestAdmission;
import io.caravan.http.RouteSender;
import io.caravan.http.WorkerHandoff;
import io.caravan.inventory.AdminState;
import io.caravan.inventory.AdminStateFile;
import io.caravan.inventory.Inventory;
import io.caravan.inventory.InventoryLoader;
import io.caravan.inventory.InventoryOverlay;
import io.caravan.inventory.Tenants;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.meetings.MeetingLookup;
import io.caravan.meetings.MeetingSearch;
import io.caravan.meetings.UserSessions;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.nodecalls.NodeClient;
import io.caravan.nodecalls.RawUrlHttpBinding;
import io.caravan.nodes.InFlightLimit;
import io.caravan.nodes.NodeRegistry;
import io.caravan.ops.AdminAccess;
import io.caravan.ops.ApiMetrics;
import io.caravan.ops.HealthReport;
import io.caravan.ops.MetricsText;
import io.caravan.ops.NodeMetrics;
import io.caravan.ops.OpsResponses;
import io.caravan.ops.Redaction;
import io.caravan.ops.Statistics;
import io.caravan.ops.TenantMetrics;
import io.caravan.placement.BreakoutRooms;
import io.caravan.placement.Placement;
import io.caravan.polling.NodePoller;
import io.caravan.routes.ExchangeProperties;
import io.caravan.shared.SharedEvents;
import io.caravan.store.Redis;
import io.caravan.store.RedisAdminState;
import io.caravan.store.RedisAssignments;
import io.caravan.store.RedisTenantMeetings;
import io.caravan.store.SharedState;
import io.caravan.tenants.RequestRules;
import io.caravan.tenants.TenantLimits;
import io.caravan.tenants.TenantMeetings;
import io.caravan.tenants.TenantSelector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServerOptions;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.vertx.http.VertxHttpComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Caravan's beans from its settings and binds them under the names the routes use.
 */
public class CaravanConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CaravanConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.readAndPublish(context.getPropertiesComponent());
        failFastIfPortTaken(settings.server());

        Redis redis = null;
        SharedEvents events = SharedEvents.local();
        AdminState adminState = new AdminStateFile(settings.dataDir());
        if (settings.store().redis()) {
            redis = new Redis(settings.store().redisUrl(), Duration.ofMillis(settings.store().timeoutMillis()),
                    settings.store().keyPrefix());
            events = SharedEvents.over(redis);
            adminState = new RedisAdminState(redis, (AdminStateFile) adminState);
            // connected now: the admin changes in Redis are part of the inventory the routes start with
            redis.start();
            context.addService(redis, true, false);
            LOG.info("shared state in Redis at {} (keys {}*)", redis.address(), settings.store().keyPrefix());
        }
        InventoryOverlay overlay = new InventoryOverlay(settings.inventory(),
                new InventoryLoader(settings.nodeChecksum()), adminState, events);
        Inventory inventory = overlay.current();
        NodeRegistry registry = new NodeRegistry(inventory, settings.offlineAfter(), settings.onlineAfter(),
                settings.suspectAfter());
        overlay.publishTo(registry::apply);
        if (settings.adminToken().isEmpty()) {
            LOG.info("admin API disabled (set caravan.admin.token to enable it)");
        }
        MeetingDirectory directory = new MeetingDirectory(settings.maxMeetings(),
                redis == null ? null : new RedisAssignments(redis), events);
        LOG.info("inventory {}: {} nodes", settings.inventory(), inventory.nodes().size());

        NodeClient nodeClient = new NodeClient(settings.connectionsPerNode(), 40);
        context.addService(nodeClient, true, true);
        VertxHttpComponent vertxHttp = new VertxHttpComponent();
        vertxHttp.setVertx(nodeClient.vertx());
        context.addComponent("vertx-http", vertxHttp);

        Registry beans = context.getRegistry();
        ApiWorkers workers = new ApiWorkers(settings.workerThreads());
        context.addService(workers, true, true);
        RequestAdmission admission = new RequestAdmission(settings.maxInFlight());
        context.addService(apiServer(settings.server(), beans), true, false);
        // platform-http looks its engine up under this name before it falls back to the stock Vert.x one
        beans.bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME,
                new AsyncHttpEngine(admission, workers, AsyncHttpEngine::isBbbApi));
        beans.bind("workerHandoff", new WorkerHandoff(workers, settings.store().redis()));
        PrometheusMeterRegistry meters = meterRegistry(beans);
        beans.bind("settings", settings);
        beans.bind("nodeRegistry", registry);
        beans.bind("meetingDirectory", directory);
        beans.bind("nodeHttpBinding", new RawUrlHttpBinding(nodeClient.webClient(), ExchangeProperties.NODE_CALL));
        beans.bind("apiRequestReader", new ApiRequestReader());
        Tenants tenants = new Tenants(() -> registry.inventory().tenants());
        if (!tenants.declared() && settings.secrets().isEmpty()) {
            LOG.warn("caravan.secret is empty: every API call will be refused with checksumError");
        }
        if (tenants.declared()) {
            LOG.info("{} tenants declared: API calls are checked with their secrets, caravan.secret is not accepted",
                    tenants.all().size());
        }
        beans.bind("tenantSelector", new TenantSelector(tenants));
        beans.bind("tenantMeetings", new TenantMeetings());
        beans.bind("requestRules", new RequestRules(() -> registry.inventory().parameters()));
        TenantLimits tenantLimits = new TenantLimits(directory, registry,
                redis == null ? null : new RedisTenantMeetings(redis), events);
        beans.bind("tenantLimits", tenantLimits);
        beans.bind("apiGate", new ApiGate(new ChecksumVerifier(settings.secrets(), settings.allowedChecksums()),
                tenants::declared, meters));
        beans.bind("requestValidation", new RequestValidation());
        beans.bind("apiResponses", new ApiResponses(new BbbResponses(),
                new JoinErrorRedirect(settings.joinErrorUrl().isEmpty() ? settings.publicUrl() : settings.joinErrorUrl()),
                registry::lowestBbbVersion));
        InFlightLimit inFlight = new InFlightLimit(settings.maxInFlightPerNode());
        beans.bind("inFlightLimit", inFlight);
        beans.bind("breakoutRooms", new BreakoutRooms());
        beans.bind("placement", new Placement(registry, directory, meters, tenantLimits, events, inFlight,
                settings.latencyWeight(), settings.stallAfterMillis()));
        // another instance's creates and ends make this instance's getMeetings ask those nodes again too
        directory.onChangesElsewhere((meeting, node) -> registry.changed(node, System.nanoTime()), (meeting, node) -> {
            registry.endedMeeting(node, meeting);
            registry.changed(node, System.nanoTime());
        });
        beans.bind("meetingLookup", new MeetingLookup(directory, registry));
        beans.bind("userSessions", new UserSessions(registry, settings.lookupTimeoutMillis()));
        beans.bind("meetingSearch", new MeetingSearch(new RouteSender(context, MeetingSearch.ASK_ROUTE), registry,
                settings.lookupTimeoutMillis(), (millis, task) -> nodeClient.vertx().setTimer(millis, id -> task.run())));
        beans.bind("nodeCalls", new NodeCalls(settings.nodeTimeoutMillis(), settings.lookupTimeoutMillis(), inFlight,
                registry, meters));
        bindCallbacks(beans, settings, tenants, registry, nodeClient);
        beans.bind("joinRedirect", new JoinRedirect());
        beans.bind("nodePoller", new NodePoller(registry, directory, settings.pollTimeoutMillis(),
                settings.lookupTimeoutMillis()));
        io.caravan.recordings.RecordingIndex recordingIndex = new io.caravan.recordings.RecordingIndex();
        io.caravan.recordings.RecordingsPoller recordingsPoller = new io.caravan.recordings.RecordingsPoller(
                recordingIndex, registry, settings.recordings(), events, settings.pollTimeoutMillis());
        org.apache.camel.ProducerTemplate poll = context.createProducerTemplate();
        if (redis != null) {
            recordingsPoller.followChangesElsewhere(node -> poll.asyncSendBody("direct:poll-recordings-node", node));
        }
        RouteSender pollNode = new RouteSender(context, "direct:poll-node");
        registry.onNewNode(node -> {
            // before the routes run, the first poll cycle (which starts at once) asks every node anyway
            if (context.isStarted()) {
                pollNode.send(exchange -> exchange.getMessage().setBody(node), done -> { });
                if (recordingsPoller.enabled()) {
                    poll.asyncSendBody("direct:poll-recordings-node", node);
                }
            }
        });
        // passive health: a suspect node is asked at once whether it is alive (see NodeHealth)
        registry.onSuspect(node -> {
            LOG.warn("node {} is suspect: {}", node.name(), registry.status(node.name())
                    .map(status -> status.lastError()).orElse("calls failed"));
            pollNode.send(exchange -> exchange.getMessage().setBody(node), done -> { });
        });
        beans.bind("recordingsPoller", recordingsPoller);
        beans.bind("recordingCalls", new io.caravan.recordings.RecordingCalls(recordingIndex, registry,
                settings.recordings(), events, settings.nodeTimeoutMillis()));
        beans.bind("recordingSearch", new io.caravan.recordings.RecordingSearch(recordingIndex, registry,
                settings.recordings(), settings.pollTimeoutMillis()));
        beans.bind("rawRequestBody", new io.caravan.api.RawRequestBody(settings.server().maxBodySize(),
                settings.nodeTimeoutMillis()));
        beans.bind("statusPage", new io.caravan.ops.StatusPage());
        beans.bind("inventoryOverlay", overlay);
        AdminGate adminGate = new AdminGate(settings.adminToken());
        beans.bind("adminGate", adminGate);
        beans.bind("adminRequests", new AdminRequests());
        beans.bind("adminResponses", new AdminResponses());
        beans.bind("nodeAdmin", new NodeAdmin(overlay, registry, directory, recordingIndex,
                settings.nodeTimeoutMillis()));
        beans.bind("recordingAdmin", new io.caravan.admin.RecordingAdmin(recordingIndex, registry, tenants));
        beans.bind("tenantAdmin", new TenantAdmin(overlay));
        beans.bind("meetingAdmin", new MeetingAdmin(registry, directory, settings.nodeTimeoutMillis()));

        Redis sharedStore = redis;
        Redaction redaction = new Redaction(() -> {
            List<String> secrets = new ArrayList<>(settings.secrets());
            registry.nodes().forEach(node -> secrets.add(node.secret()));
            tenants.all().forEach(tenant -> secrets.addAll(tenant.secrets()));
            if (sharedStore != null && !sharedStore.password().isEmpty()) {
                secrets.add(sharedStore.password());
            }
            return secrets;
        });
        beans.bind("healthReport", new HealthReport(registry, redaction, redis));
        if (redis != null) {
            io.micrometer.core.instrument.Gauge.builder("caravan.store.available", redis, r -> r.available() ? 1 : 0)
                    .description("1 while the shared store (Redis) answers, 0 while creates are refused").register(meters);
        }
        beans.bind("sharedState", new SharedState(redis, overlay::syncShared));
        Statistics statistics = new Statistics(registry, tenants);
        beans.bind("statistics", statistics);
        beans.bind("adminAccess", new AdminAccess(adminGate, tenants));
        beans.bind("opsResponses", new OpsResponses());
        beans.bind("metricsText", new MetricsText(meters));
        beans.bind("apiMetrics", new ApiMetrics(meters));
        io.micrometer.core.instrument.Gauge.builder("caravan.http.in.flight", admission, RequestAdmission::inFlight)
                .description("HTTP requests this instance is working on (at most caravan.http.max-in-flight)")
                .register(meters);
        io.micrometer.core.instrument.FunctionCounter.builder("caravan.http.refused", admission,
                RequestAdmission::refused).description("HTTP requests answered busy at caravan.http.max-in-flight")
                .register(meters);
        beans.bind("nodeMetrics", new NodeMetrics(registry, recordingIndex, meters, inFlight));
        beans.bind("tenantMetrics", new TenantMetrics(tenants, statistics, meters));
    }

    /**
     * Callback URLs on create and the callbacks nodes send to them. Tokens are signed with caravan.callbacks.key, else
     * with a key derived from the first global secret, else from the first tenant's first secret.
     */
    private static void bindCallbacks(Registry beans, Settings settings, Tenants tenants, NodeRegistry registry,
            NodeClient nodeClient) {
        String secret = !settings.secrets().isEmpty() ? settings.secrets().get(0)
                : tenants.all().stream().flatMap(t -> t.secrets().stream()).findFirst().orElse("");
        CallbackTokens tokens = settings.callbacksKey().isEmpty() && secret.isEmpty() ? null
                : new CallbackTokens(CallbackTokens.key(settings.callbacksKey(), secret));
        CallbackUrls urls = new CallbackUrls(settings.publicUrl(), tokens);
        if (!urls.enabled()) {
            LOG.info("callbacks go from the nodes straight to the clients' URLs (set caravan.public-url{} to pass "
                    + "them through Caravan)", tokens == null ? " and caravan.callbacks.key" : "");
        } else if (settings.callbacksKey().isEmpty()) {
            LOG.info("callback tokens are signed with a key derived from a secret: changing that secret invalidates "
                    + "the callback URLs of running meetings (set caravan.callbacks.key to avoid this)");
        }
        beans.bind("callbackUrls", urls);
        beans.bind("nodeCallbacks", new NodeCallbacks(tokens, registry::nodes, tenants::named, settings.secrets(),
                settings.callbackTimeoutMillis()));
        beans.bind("callbackHttpBinding", new RawUrlHttpBinding(nodeClient.webClient(),
                ExchangeProperties.CALLBACK_DELIVERY));
    }

    /**
     * The one Prometheus registry for Caravan's metrics and Camel's own (camel.metrics.* binds its route and exchange
     * metrics to the registry named metricsRegistry, creating one if there is none yet), served at /metrics.
     */
    private static PrometheusMeterRegistry meterRegistry(Registry beans) {
        MeterRegistry existing = beans.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        if (existing instanceof PrometheusMeterRegistry prometheus) {
            return prometheus;
        }
        PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        beans.bind(MicrometerConstants.METRICS_REGISTRY_NAME, created);
        return created;
    }

    /** The API server; its configuration is also found in the registry by the engine, which needs its port. */
    private static ApiServer apiServer(Settings.ServerSettings server, Registry beans) {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(server.host());
        configuration.setBindPort(server.port());
        configuration.setMaxBodySize(server.maxBodySize());
        configuration.setServerType(VertxPlatformHttpRouter.SERVER_TYPE_SERVER);
        beans.bind("apiServerConfiguration", configuration);
        int formField = (int) Math.min(server.maxBodySize(), Integer.MAX_VALUE);
        HttpServerOptions options = new HttpServerOptions()
                // bbb-web sits behind nginx and Tomcat, whose limits deployments raise for long creates
                .setMaxInitialLineLength(server.maxRequestLine())
                .setMaxHeaderSize(server.maxHeaderSize())
                // a form field may be as long as the body, as in Tomcat (Vert.x: 8 KiB, and 1 KiB while decoding)
                .setMaxFormAttributeSize(formField)
                .setMaxFormBufferedBytes(formField)
                // clients and proxies speak HTTP/1.1 to Caravan; Vert.x's h2c upgrade answers a bad one without end
                .setHttp2ClearTextEnabled(false);
        return new ApiServer(configuration, options, server.eventLoops());
    }

    /**
     * Camel logs and keeps running when the API port is taken; an operator must see that at once instead of a
     * Caravan that answers nothing.
     */
    private static void failFastIfPortTaken(Settings.ServerSettings server) {
        String host = server.host();
        int port = server.port();
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " (camel.server.port): "
                    + e.getMessage() + "; is another process using it?", e);
        }
    }
}
