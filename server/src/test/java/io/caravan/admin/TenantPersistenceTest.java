package io.caravan.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;

import io.caravan.support.AdminHttp;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Tenant changes of the admin API survive a restart and follow the inventory file's precedence, like nodes. */
@Tag("end-to-end")
class TenantPersistenceTest {

    private static final String TENANTS = """
            tenants:
              - name: acme
                secrets: [acme-secret]
                hostnames: [acme.example.org]
              - name: beta
                secrets: [beta-secret]
                hostnames: [beta.example.org]
            """;

    private static CaravanUnderTest start() {
        return CaravanUnderTest.builder().nodes(1).adminApi().clustersYaml(TENANTS).start();
    }

    private static AdminHttp admin(CaravanUnderTest caravan) {
        return new AdminHttp(caravan.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
    }

    private static String create(CaravanUnderTest caravan, String host, String secret, String meetingId) {
        BbbClient client = new BbbClient(caravan.apiUrl(), secret);
        String url = client.url("create", "name=Room&meetingID=" + meetingId);
        return Xml.parse(client.send(HttpRequest.newBuilder(URI.create(url)).header("X-Forwarded-Host", host).GET())
                .body()).returncode();
    }

    @Test
    void tenantChangesSurviveARestart() {
        try (CaravanUnderTest caravan = start()) {
            assertEquals(201, admin(caravan).post("/tenants", """
                    {"name": "zeta", "secrets": ["zeta-secret"], "hostnames": ["zeta.example.org"]}""").status());
            assertEquals(200, admin(caravan).send("PATCH", "/tenants/acme",
                    "{\"addSecrets\": [\"acme-next\"], \"maxMeetings\": 4}").status());
            assertEquals(200, admin(caravan).send("DELETE", "/tenants/beta", null).status());

            caravan.restart();

            assertEquals(200, admin(caravan).get("/tenants/zeta").status());
            assertEquals(2, admin(caravan).get("/tenants/acme").json().path("secretCount").asInt());
            assertEquals(4, admin(caravan).get("/tenants/acme").json().path("maxMeetings").asInt());
            assertEquals(404, admin(caravan).get("/tenants/beta").status());
            assertEquals("SUCCESS", create(caravan, "zeta.example.org", "zeta-secret", "z1"));
            assertEquals("SUCCESS", create(caravan, "acme.example.org", "acme-next", "a1"));
            assertEquals("FAILED", create(caravan, "beta.example.org", "beta-secret", "b1"));
        }
    }

    @Test
    void stateFileHoldsTheSecretsOnlyForItsOwner() throws Exception {
        try (CaravanUnderTest caravan = start()) {
            assertEquals(201, admin(caravan).post("/tenants", """
                    {"name": "zeta", "secrets": ["zeta-secret"]}""").status());
            String state = Files.readString(caravan.dataDir().resolve("state.json"));
            assertFalse(admin(caravan).get("/tenants").body().contains("zeta-secret"));
            assertEquals(true, state.contains("zeta-secret"), "the state keeps what it needs to restart");
        }
    }

    @Test
    void editingAFileEntryDropsItsAdminChangesAndARemovedTenantStaysRemovedUntilThen() throws Exception {
        try (CaravanUnderTest caravan = start()) {
            assertEquals(200, admin(caravan).send("PATCH", "/tenants/acme", "{\"maxMeetings\": 3}").status());
            assertEquals(200, admin(caravan).send("DELETE", "/tenants/beta", null).status());
            String yaml = Files.readString(caravan.inventory());

            Files.writeString(caravan.inventory(), yaml + "# touched\n");
            caravan.awaitPolls(3);
            assertEquals(3, admin(caravan).get("/tenants/acme").json().path("maxMeetings").asInt());
            assertEquals(404, admin(caravan).get("/tenants/beta").status());

            Files.writeString(caravan.inventory(), yaml
                    .replace("    hostnames: [acme.example.org]\n", "    hostnames: [acme.example.org]\n"
                            + "    max-attendees: 9\n")
                    .replace("    hostnames: [beta.example.org]\n", "    hostnames: [beta.example.org, b.example]\n"));
            CaravanUnderTest.await(() -> admin(caravan).get("/tenants/beta").status() == 200, "beta back");
            CaravanUnderTest.await(() -> admin(caravan).get("/tenants/acme").json().path("maxAttendees").asInt() == 9,
                    "acme's file entry applied");
            assertEquals(0, admin(caravan).get("/tenants/acme").json().path("maxMeetings").asInt(),
                    "the admin change of an edited entry is dropped");
            assertEquals("SUCCESS", create(caravan, "b.example", "beta-secret", "b2"));
        }
    }
}
