import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.caravan.ops.ApiMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * What metrics cost one request, in one thread, without HTTP (issue #10). In a Prometheus registry holding the meters
 * Caravan has for N nodes (5 gauges, a poll timer and a failure counter each), it times:
 * <ul>
 *   <li>ApiMetrics.callStarted + callAnswered for a join (a 302 answer): what the bbb-api route pays per call;</li>
 *   <li>Counter.builder(...).register(registry) and Timer.builder(...).register(registry) of an existing series: what
 *   ApiMetrics paid per call before its meters were kept (issue #10), and what Placement still pays per create;</li>
 *   <li>registry.find(name).gauge(): what camel-micrometer's MicrometerExchangeEventNotifier does on every completed
 *   exchange (setLastTimeExchange), a copy and scan of every meter in the registry.</li>
 * </ul>
 * Run: {@code java -cp target/caravan.jar bench/MetricsPerCall.java [nodes...]} (default: 3 1000).
 */
public class MetricsPerCall {

    private static final int WARMUP_ROUNDS = 3;

    public static void main(String[] args) throws Exception {
        int[] nodeCounts = args.length == 0 ? new int[] {3, 1000} : java.util.Arrays.stream(args)
                .mapToInt(Integer::parseInt).toArray();
        System.out.printf("%-6s %-8s %-44s %12s%n", "nodes", "meters", "operation", "ns per op");
        try (CamelContext camel = new DefaultCamelContext()) {
            for (int nodes : nodeCounts) {
                measure(camel, nodes);
            }
        }
    }

    private static void measure(CamelContext camel, int nodes) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicLong value = new AtomicLong();
        for (int i = 1; i <= nodes; i++) {
            String node = "bbb" + i;
            for (String gauge : new String[] {"load", "meetings", "attendees", "online", "recordings"}) {
                Gauge.builder("caravan.node." + gauge, value, AtomicLong::get).tag("node", node).register(registry);
            }
            Timer.builder("caravan.poll.duration").tag("node", node).register(registry)
                    .record(1, TimeUnit.MILLISECONDS);
            Counter.builder("caravan.poll.failures").tag("node", node).register(registry).increment();
        }
        // the gauge camel-micrometer looks up, and about the 300 meters Camel registers for Caravan's 44 routes
        Gauge.builder("camel.exchanges.last.timestamp", value, AtomicLong::get).register(registry);
        for (int i = 0; i < 300; i++) {
            Counter.builder("camel.exchanges.total").tag("routeId", "route" + i).register(registry);
        }
        ApiMetrics api = new ApiMetrics(registry);
        Exchange join = new DefaultExchange(camel);
        join.setProperty("call", "join");
        join.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
        api.callStarted(join);
        api.callAnswered(join);
        int meters = registry.getMeters().size();

        report(nodes, meters, "ApiMetrics.callStarted + callAnswered (join)", 2_000_000, () -> {
            api.callStarted(join);
            api.callAnswered(join);
        });
        report(nodes, meters, "Counter.builder(...).register (existing)", 2_000_000, () ->
                Counter.builder("caravan.api.calls").tag("call", "join").tag("result", "SUCCESS")
                        .tag("messageKey", "none").tag("tenant", "none").register(registry).increment());
        report(nodes, meters, "Timer.builder(...).register (existing)", 2_000_000, () ->
                Timer.builder("caravan.api.latency").tag("call", "join").publishPercentileHistogram()
                        .minimumExpectedValue(java.time.Duration.ofMillis(1))
                        .maximumExpectedValue(java.time.Duration.ofSeconds(30))
                        .register(registry).record(1, TimeUnit.MILLISECONDS));
        int scans = nodes >= 1000 ? 20_000 : 500_000;
        report(nodes, meters, "registry.find(name).gauge() (camel-micrometer)", scans, () -> {
            if (registry.find("camel.exchanges.last.timestamp").gauge() == null) {
                throw new IllegalStateException("gauge not found");
            }
        });
        registry.close();
    }

    private static void report(int nodes, int meters, String operation, int iterations, Runnable op) {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < WARMUP_ROUNDS + 3; round++) {
            long started = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                op.run();
            }
            long took = System.nanoTime() - started;
            if (round >= WARMUP_ROUNDS) {
                best = Math.min(best, took);
            }
        }
        System.out.printf("%-6d %-8d %-44s %12.0f%n", nodes, meters, operation, (double) best / iterations);
    }
}
