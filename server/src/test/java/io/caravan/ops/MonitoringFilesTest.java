package io.caravan.ops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.caravan.support.AdminHttp;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.RedisUnderTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard (deploy/grafana) and the Prometheus alerting rules (deploy/prometheus) against the real
 * things: Debian's promtool (package prometheus, installed by .ci/run) checks and unit-tests the rules and parses every
 * dashboard query, and every metric they name must be in the /metrics of a running Caravan. A missing promtool fails
 * these tests; they are never skipped.
 */
@Tag("end-to-end")
class MonitoringFilesTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Path RULES = DEPLOY.resolve("prometheus/caravan-alerts.yml");
    private static final Path RULES_TEST = DEPLOY.resolve("prometheus/caravan-alerts.test.yml");
    private static final Path DASHBOARD = DEPLOY.resolve("grafana/caravan-dashboard.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String TOKEN = "monitoring-test-token";

    @Test
    void alertingRulesPassPromtoolsCheck() throws Exception {
        Run check = promtool("check", "rules", RULES.toString());
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("SUCCESS"), check.output());
    }

    @Test
    void everyAlertFiresOnItsSyntheticSeries() throws Exception {
        Run test = promtool("test", "rules", RULES_TEST.toString());
        assertEquals(0, test.exitCode(), test.output());
        // and the unit tests cover every alert the rules define
        Set<String> tested = new TreeSet<>();
        YAML.readTree(RULES_TEST.toFile()).path("tests").forEach(t -> t.path("alert_rule_test")
                .forEach(a -> tested.add(a.path("alertname").asText())));
        assertEquals(alertNames(), tested, "alerts without a promtool unit test in " + RULES_TEST);
    }

    @Test
    void dashboardIsAGrafanaDashboardWhosePanelsEachQueryPrometheus() throws Exception {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        assertTrue(dashboard.path("schemaVersion").isInt() && dashboard.path("schemaVersion").asInt() >= 36,
                "schemaVersion: " + dashboard.path("schemaVersion"));
        assertFalse(dashboard.path("title").asText().isBlank());
        assertFalse(dashboard.path("uid").asText().isBlank());
        boolean datasourceVariable = false;
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            datasourceVariable |= variable.path("type").asText().equals("datasource")
                    && variable.path("name").asText().equals("datasource")
                    && variable.path("query").asText().equals("prometheus");
        }
        assertTrue(datasourceVariable, "a datasource variable of type prometheus, which the panels use");
        Set<Integer> ids = new HashSet<>();
        int queried = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique: " + title);
            JsonNode grid = panel.path("gridPos");
            for (String key : List.of("h", "w", "x", "y")) {
                assertTrue(grid.path(key).isInt(), title + ": gridPos." + key);
            }
            assertTrue(grid.path("x").asInt() + grid.path("w").asInt() <= 24, title + " fits Grafana's 24 columns");
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertFalse(panel.path("type").asText().isBlank(), title + ": type");
            assertEquals("prometheus", panel.path("datasource").path("type").asText(), title + ": datasource");
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), title + ": datasource");
            assertTrue(panel.path("targets").isArray() && !panel.path("targets").isEmpty(), title + ": targets");
            for (JsonNode target : panel.path("targets")) {
                assertFalse(target.path("refId").asText().isBlank(), title + ": refId");
                assertFalse(target.path("expr").asText().isBlank(), title + ": expr");
                queried++;
            }
        }
        assertTrue(queried >= 20, "queries: " + queried);
    }

    @Test
    void everyDashboardQueryIsPromqlThatPromtoolParses(@TempDir Path dir) throws Exception {
        // promtool has no command for a lone expression; a recording rule per query is parsed by the same parser
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        for (Map.Entry<String, String> query : dashboardQueries().entrySet()) {
            rules.append("      - record: dashboard_query_").append(query.getKey().replaceAll("[^A-Za-z0-9]", "_"))
                    .append("\n        expr: ").append(JSON.writeValueAsString(grafanaVariablesReplaced(query.getValue())))
                    .append('\n');
        }
        Path file = dir.resolve("dashboard-queries.yml");
        Files.writeString(file, rules);
        Run check = promtool("check", "rules", file.toString());
        assertEquals(0, check.exitCode(), check.output() + "\n" + rules);
    }

    @Test
    void dashboardAndAlertsQueryOnlyMetricsARealCaravanServes() throws Exception {
        Set<String> served;
        try (RedisUnderTest redis = RedisUnderTest.start();
                CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(3).wrongSecret(2)
                        .property("caravan.admin.token", TOKEN)
                        .property("caravan.store", "redis").property("caravan.redis.url", redis.url())
                        .clustersYaml("""
                                tenants:
                                  - name: acme
                                    secrets: [acme-secret]
                                    hostnames: [acme.example.org]
                                    max-meetings: 5
                                    max-attendees: 50
                                """).start()) {
            // the meters that appear on first use: a placement, calls, a checksum failure, an import, a poll failure
            BbbClient acme = new BbbClient(caravan.baseUrl() + "/t/acme/bigbluebutton/api", "acme-secret");
            String created = acme.get("create", "name=Monitored&meetingID=m1").body();
            assertTrue(created.contains("SUCCESS"), created);
            acme.get("getMeetings", "");
            new BbbClient(caravan.baseUrl() + "/t/acme/bigbluebutton/api", "not-the-secret").get("getMeetings", "");
            AdminHttp admin = new AdminHttp(caravan.baseUrl(), TOKEN);
            assertEquals(400, admin.post("/recordings/import", "not a recording").status());
            CaravanUnderTest.await(() -> metricNames(caravan).contains("caravan_poll_failures_total"),
                    "a failed poll of bbb3 (wrong secret)");
            served = metricNames(caravan);
        }
        Map<String, Set<String>> unknown = new TreeMap<>();
        Map<String, String> queries = new TreeMap<>(dashboardQueries());
        alertExpressions().forEach((alert, expr) -> queries.put("alert " + alert, expr));
        queries.forEach((where, expr) -> {
            Set<String> names = metricsIn(expr);
            assertFalse(names.isEmpty(), where + " names no metric: " + expr);
            names.removeAll(served);
            if (!names.isEmpty()) {
                unknown.put(where, names);
            }
        });
        assertTrue(unknown.isEmpty(), "metrics Caravan's /metrics does not serve: " + unknown);
    }

    private static Set<String> metricNames(CaravanUnderTest caravan) {
        try {
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(caravan.baseUrl() + "/metrics")).header("Authorization", "Bearer " + TOKEN)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            Set<String> names = new TreeSet<>();
            for (String line : metrics.body().split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            return names;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$:])([A-Za-z_:][A-Za-z0-9_:]*+)(?!\\s*\\()");

    /** The metric names in a PromQL expression: identifiers that are not functions, keywords, labels or durations. */
    static Set<String> metricsIn(String expr) {
        String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            if (!PROMQL_WORDS.contains(m.group(1).toLowerCase())) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void metricNamesAreReadOutOfPromql() {
        assertEquals(Set.of("caravan_api_latency_seconds_bucket"), metricsIn("histogram_quantile(0.95, sum by (call, le) "
                + "(rate(caravan_api_latency_seconds_bucket{instance=~\"$instance\",call=\"create\"}[$__rate_interval])))"));
        assertEquals(Set.of("caravan_tenant_meetings", "caravan_tenant_max_meetings"),
                metricsIn("caravan_tenant_meetings / (caravan_tenant_max_meetings > 0) >= 0.9"));
        assertEquals(Set.of("a_total", "b"), metricsIn("sum by (job) (increase(a_total[5m])) > 0 or on (job) b"));
    }

    private static String grafanaVariablesReplaced(String expr) {
        return expr.replace("$__rate_interval", "5m").replace("$__range", "6h").replace("$instance", ".*");
    }

    /** Every query of the dashboard, by "panel title / refId". */
    private static Map<String, String> dashboardQueries() throws IOException {
        Map<String, String> queries = new TreeMap<>();
        for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(panel.path("id").asInt() + " " + panel.path("title").asText() + " "
                        + target.path("refId").asText(), target.path("expr").asText());
            }
        }
        assertFalse(queries.isEmpty());
        return queries;
    }

    private static Map<String, String> alertExpressions() throws IOException {
        Map<String, String> alerts = new TreeMap<>();
        YAML.readTree(RULES.toFile()).path("groups").forEach(group -> group.path("rules")
                .forEach(rule -> alerts.put(rule.path("alert").asText(), rule.path("expr").asText())));
        return alerts;
    }

    private static Set<String> alertNames() throws IOException {
        return new TreeSet<>(alertExpressions().keySet());
    }

    private record Run(int exitCode, String output) {
    }

    /** Runs Debian's promtool from the repository root; fails (never skips) when it is not installed. */
    private static Run promtool(String... arguments) throws IOException, InterruptedException {
        File promtool = List.of("/usr/bin/promtool", "/usr/local/bin/promtool").stream().map(File::new)
                .filter(File::canExecute).findFirst().orElse(null);
        assertTrue(promtool != null, "these tests need promtool: apt-get install prometheus (.ci/run does this)");
        List<String> command = new ArrayList<>(List.of(promtool.getPath()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool did not finish in 60 s: " + command);
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
