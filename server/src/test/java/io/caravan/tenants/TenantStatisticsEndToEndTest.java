package io.caravan.tenants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.emulator.EmulatedNode;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.JoinError;
import io.caravan.support.Xml;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Per-tenant statistics, the tenant's own statistics token, metrics by tenant and the attendee limit between polls. */
@Tag("end-to-end")
class TenantStatisticsEndToEndTest {

    private static final String ADMIN = "Bearer tenant-stats-admin-token";
    private static final String ACME_TOKEN = "acme-stats-token-0001";
    private static final String TENANTS = """
            tenants:
              - name: acme
                secrets: [acme-secret]
                hostnames: [acme.example.org]
                stats-token: acme-stats-token-0001
              - name: beta
                secrets: [beta-secret]
                hostnames: [beta.example.org]
                stats-token: beta-stats-token-0002
              - name: crowd
                secrets: [crowd-secret]
                hostnames: [crowd.example.org]
                max-attendees: 3
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void statsListEachTenantsFiguresAndATenantTokenSeesOnlyItsOwn() throws Exception {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).clustersYaml(TENANTS)
                .property("caravan.admin.token", "tenant-stats-admin-token").start()) {
            assertEquals("SUCCESS", call(caravan, "acme.example.org", "acme-secret", "create", "name=AA&meetingID=a1")
                    .returncode());
            assertEquals("SUCCESS", call(caravan, "acme.example.org", "acme-secret", "create", "name=AA&meetingID=a2")
                    .returncode());
            assertEquals("SUCCESS", call(caravan, "beta.example.org", "beta-secret", "create", "name=BB&meetingID=b1")
                    .returncode());
            nodeOf(caravan, "acme~a1").addAttendees("acme~a1", 2);
            nodeOf(caravan, "acme~a2").addAttendees("acme~a2", 3);
            nodeOf(caravan, "beta~b1").addAttendees("beta~b1", 4);
            caravan.awaitPolls(2);

            JsonNode all = JSON.readTree(get(caravan, "/stats", ADMIN).body());
            assertEquals(3, all.get("tenants").size(), all.toString());
            JsonNode acme = entry(all, "acme");
            assertEquals(2, acme.get("meetings").asInt());
            assertEquals(5, acme.get("attendees").asInt());
            assertEquals(0, acme.get("video").asInt());
            assertEquals(1, entry(all, "beta").get("meetings").asInt());
            assertEquals(4, entry(all, "beta").get("attendees").asInt());
            assertEquals(0, entry(all, "crowd").get("meetings").asInt());
            assertEquals(2, all.get("nodes").size(), "the admin sees the nodes");
            assertEquals(9, all.get("totals").get("attendees").asInt());

            HttpResponse<String> own = get(caravan, "/stats", "Bearer " + ACME_TOKEN);
            assertEquals(200, own.statusCode());
            JsonNode mine = JSON.readTree(own.body());
            assertEquals(1, mine.get("tenants").size());
            assertEquals("acme", mine.get("tenants").get(0).get("name").asText());
            assertEquals(5, mine.get("tenants").get(0).get("attendees").asInt());
            assertEquals(2, mine.get("totals").get("meetings").asInt(), "totals are the tenant's own");
            assertEquals(5, mine.get("totals").get("attendees").asInt());
            assertTrue(mine.get("totals").get("nodes").isNull());
            assertTrue(mine.get("nodes").isEmpty(), "no node list for a tenant");
            assertFalse(own.body().contains("beta"), own.body());
            assertFalse(own.body().contains("bbb1"), own.body());

            assertEquals(401, get(caravan, "/stats", "Bearer acme-stats-token-0000").statusCode());
            assertEquals(401, get(caravan, "/stats", null).statusCode());
            assertEquals(401, get(caravan, "/metrics", "Bearer " + ACME_TOKEN).statusCode(),
                    "a tenant's token does not open the metrics");

            call(caravan, "unknown.example.org", "acme-secret", "getMeetings", "");
            String metrics = get(caravan, "/metrics", ADMIN).body();
            assertEquals(2, sum(metrics, "caravan_api_calls_total{", "call=\"create\"", "tenant=\"acme\""));
            assertEquals(1, sum(metrics, "caravan_api_calls_total{", "call=\"create\"", "tenant=\"beta\""));
            assertEquals(1, sum(metrics, "caravan_api_calls_total{", "messageKey=\"checksumError\"",
                    "tenant=\"none\""));
            assertEquals(2, sum(metrics, "caravan_tenant_meetings{", "tenant=\"acme\""));
            assertEquals(5, sum(metrics, "caravan_tenant_attendees{", "tenant=\"acme\""));
            assertEquals(4, sum(metrics, "caravan_tenant_attendees{", "tenant=\"beta\""));
        }
    }

    @Test
    void aBurstOfJoinsIsRefusedAtTheLimitBeforeAnyPoll() {
        // one poll cycle at start, then none during the test: only the joins since then can count
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1).clustersYaml(TENANTS)
                .property("caravan.poll.interval", "1h").startWithoutWaitingForPolls()) {
            caravan.awaitOnline("bbb1", true);
            assertEquals("SUCCESS", call(caravan, "crowd.example.org", "crowd-secret", "create",
                    "name=CC&meetingID=burst").returncode());
            long cycles = caravan.registry().completedPollCycles();
            for (int i = 0; i < 3; i++) {
                assertEquals(302, send(caravan, "crowd.example.org", "crowd-secret", "join",
                        "meetingID=burst&fullName=U" + i + "&role=VIEWER").statusCode(), "join " + i);
            }
            JoinError refused = JoinError.of(send(caravan, "crowd.example.org", "crowd-secret", "join",
                    "meetingID=burst&fullName=U3&role=VIEWER"));
            assertEquals("maxAttendeesReached", refused.key());
            assertEquals(cycles, caravan.registry().completedPollCycles(), "no poll happened in between");
        }
    }

    private static JsonNode entry(JsonNode stats, String tenant) {
        for (JsonNode entry : stats.get("tenants")) {
            if (tenant.equals(entry.get("name").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no tenant " + tenant + " in " + stats);
    }

    private static EmulatedNode nodeOf(CaravanUnderTest caravan, String nodeMeetingId) {
        return caravan.nodes().stream().filter(n -> n.hasMeeting(nodeMeetingId)).findFirst().orElseThrow();
    }

    private static Xml call(CaravanUnderTest caravan, String host, String secret, String call, String query) {
        return Xml.parse(send(caravan, host, secret, call, query).body());
    }

    private static HttpResponse<String> send(CaravanUnderTest caravan, String host, String secret, String call,
            String query) {
        BbbClient client = new BbbClient(caravan.apiUrl(), secret);
        return client.send(HttpRequest.newBuilder(URI.create(client.url(call, query)))
                .header("X-Forwarded-Host", host).GET());
    }

    private static HttpResponse<String> get(CaravanUnderTest caravan, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(caravan.baseUrl() + path)).GET()
                .timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of the series of a metric (name with its opening brace) having all these labels. */
    private static double sum(String metrics, String series, String... labels) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(series)) {
                continue;
            }
            String key = line.substring(0, line.lastIndexOf(' '));
            boolean matches = true;
            for (String label : labels) {
                matches &= key.contains(label);
            }
            if (matches) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
