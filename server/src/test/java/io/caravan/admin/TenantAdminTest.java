package io.caravan.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.support.AdminHttp;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The tenant endpoints of the admin API, end to end: changes apply at once and no answer holds a secret. */
@Tag("end-to-end")
class TenantAdminTest {

    private static final List<String> SECRETS = List.of("acme-secret", "zeta-secret", "roll-old", "roll-new",
            "gone-secret", "bad-secret", "dup-secret", "cap-secret");

    private static CaravanUnderTest caravan;
    private static AdminHttp admin;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(2).adminApi()
                .clustersYaml("""
                        tenants:
                          - name: acme
                            secrets: [acme-secret]
                            hostnames: [acme.example.org]
                            slide: https://cdn.example.org/acme.pdf
                        """)
                .start();
        admin = new AdminHttp(caravan.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static AdminHttp.Answer send(String method, String path, String json) {
        AdminHttp.Answer answer = admin.send(method, path, json);
        SECRETS.forEach(secret -> assertFalse(answer.body() != null && answer.body().contains(secret),
                "no secret in an answer: " + answer));
        return answer;
    }

    private static Xml create(String host, String secret, String meetingId) {
        BbbClient client = new BbbClient(caravan.apiUrl(), secret);
        String url = client.url("create", "name=Room&meetingID=" + meetingId);
        return Xml.parse(client.send(HttpRequest.newBuilder(URI.create(url)).header("X-Forwarded-Host", host).GET())
                .body());
    }

    private static void assertError(int status, AdminHttp.Answer answer) {
        assertEquals(status, answer.status(), answer.toString());
        assertFalse(answer.error().isBlank(), answer.toString());
    }

    @Test
    void listAndViewShowTheTenantsWithoutTheirSecrets() {
        AdminHttp.Answer list = send("GET", "/tenants", null);
        assertEquals(200, list.status());
        JsonNode acme = list.json().path("tenants").get(0);
        assertEquals("acme", acme.path("name").asText());
        assertEquals(1, acme.path("secretCount").asInt());
        assertEquals("acme.example.org", acme.path("hostnames").get(0).asText());
        assertTrue(acme.path("slide").asBoolean());
        assertFalse(acme.path("logo").asBoolean());
        assertFalse(acme.has("secrets"));

        AdminHttp.Answer one = send("GET", "/tenants/acme", null);
        assertEquals(200, one.status());
        assertEquals("acme", one.json().path("name").asText());
        assertError(404, send("GET", "/tenants/nobody", null));
        assertEquals(401, new AdminHttp(caravan.baseUrl(), null).get("/tenants").status());
    }

    @Test
    void tenantAddedThroughTheApiCreatesMeetingsAtOnce() {
        assertEquals("FAILED", create("zeta.example.org", "zeta-secret", "z1").returncode());
        AdminHttp.Answer added = send("POST", "/tenants", """
                {"name": "zeta", "secrets": ["zeta-secret"], "hostnames": ["Zeta.Example.org"], "maxMeetings": 5,
                 "maxAttendees": 50}""");
        assertEquals(201, added.status(), added.toString());
        assertEquals("zeta.example.org", added.json().path("hostnames").get(0).asText());
        assertEquals(5, added.json().path("maxMeetings").asInt());
        assertEquals(1, added.json().path("secretCount").asInt());

        Xml created = create("zeta.example.org", "zeta-secret", "z1");
        assertEquals("SUCCESS", created.returncode(), created.toString());
        assertEquals("FAILED", create("zeta.example.org", "acme-secret", "z2").returncode());
        assertTrue(send("GET", "/tenants", null).body().contains("\"zeta\""));
    }

    @Test
    void aCapRuleGivenThroughTheApiIsValidatedAndLowersWhatTheNodeReceives() {
        AdminHttp.Answer refused = send("POST", "/tenants", """
                {"name": "capped", "secrets": ["cap-secret"], "hostnames": ["capped.example.org"],
                 "parameters": {"create": {"cap": {"welcome": 5}}}}""");
        assertError(400, refused);
        assertTrue(refused.error().contains("'welcome' cannot be capped"), refused.toString());
        assertError(400, send("POST", "/tenants", """
                {"name": "capped", "secrets": ["cap-secret"], "parameters": {"create": {"cap": {"duration": "0"}}}}"""));

        assertEquals(201, send("POST", "/tenants", """
                {"name": "capped", "secrets": ["cap-secret"], "hostnames": ["capped.example.org"],
                 "parameters": {"create": {"cap": {"duration": 60}}}}""").status());
        BbbClient client = new BbbClient(caravan.apiUrl(), "cap-secret");
        String url = client.url("create", "name=Room&meetingID=capped-1&duration=600");
        assertEquals("SUCCESS", Xml.parse(client.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-Forwarded-Host", "capped.example.org").GET()).body()).returncode());
        String received = caravan.nodes().stream().flatMap(n -> n.calls("create").stream())
                .map(call -> call.rawQuery()).filter(q -> q.contains("capped-1")).findFirst().orElseThrow();
        assertTrue(received.contains("duration=60") && !received.contains("duration=600"), received);
    }

    @Test
    void rolloverSecretAddedByPatchWorksAtOnce() {
        assertEquals(201, send("POST", "/tenants", """
                {"name": "roll", "secrets": "roll-old", "hostnames": ["roll.example.org"]}""").status());
        AdminHttp.Answer patched = send("PATCH", "/tenants/roll", "{\"addSecrets\": [\"roll-new\"]}");
        assertEquals(200, patched.status(), patched.toString());
        assertEquals(2, patched.json().path("secretCount").asInt());
        assertEquals("SUCCESS", create("roll.example.org", "roll-new", "r1").returncode());
        assertEquals("SUCCESS", create("roll.example.org", "roll-old", "r2").returncode());

        AdminHttp.Answer retired = send("PATCH", "/tenants/roll", "{\"removeSecrets\": \"roll-old\"}");
        assertEquals(1, retired.json().path("secretCount").asInt(), retired.toString());
        assertEquals("FAILED", create("roll.example.org", "roll-old", "r3").returncode());
        assertEquals("SUCCESS", create("roll.example.org", "roll-new", "r4").returncode());
        assertError(400, send("PATCH", "/tenants/roll", "{\"removeSecrets\": [\"roll-new\"]}"));
    }

    @Test
    void patchChangesHostnamesAndLimits() {
        assertEquals(201, send("POST", "/tenants", """
                {"name": "limits", "secrets": ["dup-secret"], "hostnames": ["limits.example.org"]}""").status());
        AdminHttp.Answer patched = send("PATCH", "/tenants/limits",
                "{\"hostnames\": [\"limits2.example.org\"], \"maxMeetings\": 2}");
        assertEquals(200, patched.status(), patched.toString());
        assertEquals("limits2.example.org", patched.json().path("hostnames").get(0).asText());
        assertEquals(2, patched.json().path("maxMeetings").asInt());
        assertEquals(0, send("PATCH", "/tenants/limits", "{\"maxMeetings\": null}").json().path("maxMeetings").asInt());
    }

    @Test
    void removedTenantIsRefusedAtOnce() {
        assertEquals(201, send("POST", "/tenants", """
                {"name": "gone", "secrets": ["gone-secret"], "hostnames": ["gone.example.org"]}""").status());
        assertEquals("SUCCESS", create("gone.example.org", "gone-secret", "g1").returncode());
        AdminHttp.Answer removed = send("DELETE", "/tenants/gone", null);
        assertEquals(200, removed.status(), removed.toString());
        assertError(404, send("GET", "/tenants/gone", null));
        assertEquals("FAILED", create("gone.example.org", "gone-secret", "g2").returncode());
        assertError(404, send("DELETE", "/tenants/gone", null));
    }

    @Test
    void invalidRequestsAreRefusedAndNothingIsHalfApplied() {
        assertError(400, send("POST", "/tenants", "{\"name\": \"bad name\", \"secrets\": [\"bad-secret\"]}"));
        assertError(400, send("POST", "/tenants", "{\"name\": \"nosecret\"}"));
        assertError(400, send("POST", "/tenants", "{\"secrets\": [\"bad-secret\"]}"));
        assertError(400, send("POST", "/tenants", "{\"name\": \"x\", \"secrets\": [\"bad-secret\"], \"colour\": 1}"));
        assertError(400, send("POST", "/tenants", "{\"name\": \"x\", \"secrets\": [\"bad-secret\"],"
                + " \"hostnames\": [\"https://x.example.org/\"]}"));
        assertError(400, send("POST", "/tenants", "{\"name\": \"x\", \"secrets\": [\"bad-secret\"],"
                + " \"clusters\": [\"nowhere\"]}"));
        assertError(400, send("POST", "/tenants", "{\"name\": \"x\", \"secrets\": [\"bad-secret\"],"
                + " \"maxMeetings\": 0}"));
        assertError(400, send("POST", "/tenants", "{not json"));
        assertError(409, send("POST", "/tenants", "{\"name\": \"acme\", \"secrets\": [\"dup-secret\"]}"));
        assertError(409, send("POST", "/tenants", "{\"name\": \"other\", \"secrets\": [\"dup-secret\"],"
                + " \"hostnames\": [\"ACME.example.org\"]}"));
        assertError(404, send("PATCH", "/tenants/nobody", "{\"maxMeetings\": 3}"));
        assertError(400, send("PATCH", "/tenants/acme", "{\"name\": \"renamed\"}"));
        assertError(400, send("PATCH", "/tenants/acme", "{}"));
        assertError(400, send("PATCH", "/tenants/acme",
                "{\"hostnames\": [\"new.acme.example.org\"], \"maxAttendees\": -1}"));
        assertError(400, send("PATCH", "/tenants/acme", "{\"secrets\": []}"));
        assertError(405, send("PUT", "/tenants/acme", "{}"));

        JsonNode acme = send("GET", "/tenants/acme", null).json();
        assertEquals("acme.example.org", acme.path("hostnames").get(0).asText(), "nothing half-applied");
        assertEquals(1, acme.path("hostnames").size());
        assertEquals(0, acme.path("maxAttendees").asInt());
        assertEquals(1, acme.path("secretCount").asInt());
        assertError(404, send("GET", "/tenants/x", null));
        assertError(404, send("GET", "/tenants/other", null));
        assertEquals("SUCCESS", create("acme.example.org", "acme-secret", "a1").returncode());
    }
}
