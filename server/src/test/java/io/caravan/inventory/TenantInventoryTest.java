package io.caravan.inventory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.caravan.bbb.ChecksumAlgorithm;
import org.junit.jupiter.api.Test;

/** Tenants in the inventory file are validated like nodes: every mistake names the entry. */
class TenantInventoryTest {

    private final InventoryLoader loader = new InventoryLoader(ChecksumAlgorithm.SHA256);

    private String error(String yaml) {
        return assertThrows(InventoryError.class, () -> loader.parse(yaml, "inventory.yaml")).getMessage();
    }

    @Test
    void aTenantIsReadWithItsSecretsHostnamesAndLimits() {
        Inventory inventory = loader.parse("""
                tenants:
                  - name: acme
                    secrets: [old, new]
                    hostnames: [BBB.Acme.Example]
                    max-meetings: 5
                    max-attendees: 100
                  - name: beta
                    secrets: only-one
                """, "inventory.yaml");
        assertEquals(List.of(new Tenant("acme", List.of("old", "new"), List.of("bbb.acme.example"), 5, 100),
                new Tenant("beta", List.of("only-one"), List.of(), 0, 0)), inventory.tenants());
    }

    @Test
    void aTenantsRetentionRulesAreReadInDaysAndARuleLeftOutIsTheGlobalOne() {
        Inventory inventory = loader.parse("""
                tenants:
                  - name: acme
                    secrets: [s]
                    retention: {unpublish-after: 30d, delete-after: 365d}
                  - name: beta
                    secrets: [t]
                    retention:
                      delete-after: 90d
                  - name: gamma
                    secrets: [u]
                """, "inventory.yaml");
        List<Tenant> tenants = inventory.tenants();
        assertEquals(new Retention(Optional.of(Duration.ofDays(30)), Optional.of(Duration.ofDays(365))),
                tenants.get(0).retention());
        assertEquals(new Retention(Optional.empty(), Optional.of(Duration.ofDays(90))), tenants.get(1).retention());
        assertEquals(Retention.NONE, tenants.get(2).retention());
        Retention global = new Retention(Optional.of(Duration.ofDays(7)), Optional.of(Duration.ofDays(700)));
        assertEquals(new Retention(Optional.of(Duration.ofDays(7)), Optional.of(Duration.ofDays(90))),
                tenants.get(1).retention().over(global));
        assertEquals(global, tenants.get(2).retention().over(global));
    }

    @Test
    void retentionMistakesNameTheTenantAndTheRule() {
        assertEquals("inventory.yaml: tenants[0] (acme): retention: 'delete-after' must be a number of days such as "
                + "365d, not '90'", error("tenants: [{name: acme, secrets: [s], retention: {delete-after: 90}}]"));
        assertEquals("inventory.yaml: tenants[0] (acme): retention: 'unpublish-after' must be a number of days such"
                + " as 365d, not '2w'",
                error("tenants: [{name: acme, secrets: [s], retention: {unpublish-after: 2w}}]"));
        assertEquals("inventory.yaml: tenants[0] (acme): retention: 'delete-after' must be a number of days such as "
                + "90d (leave it out for the global rule)",
                error("tenants: [{name: acme, secrets: [s], retention: {delete-after: ''}}]"));
        assertEquals("inventory.yaml: tenants[0] (acme): retention: unknown key 'deleteAfter' (allowed: "
                + "delete-after, unpublish-after)",
                error("tenants: [{name: acme, secrets: [s], retention: {deleteAfter: 90d}}]"));
        assertEquals("inventory.yaml: tenants[0] (acme): retention: expected a mapping",
                error("tenants: [{name: acme, secrets: [s], retention: 90d}]"));
        assertEquals("inventory.yaml: tenants[0] (acme): retention: 'delete-after' must be a number of days such as "
                + "365d, not '0d'", error("tenants: [{name: acme, secrets: [s], retention: {delete-after: 0d}}]"));
    }

    @Test
    void withoutTenantsTheInventoryHasNone() {
        assertTrue(loader.parse("nodes: []\n", "inventory.yaml").tenants().isEmpty());
    }

    @Test
    void mistakesNameTheTenant() {
        assertEquals("inventory.yaml: tenants[0] (acme): unknown key 'secret' (allowed: clusters, hostnames, logo, "
                + "max-attendees, max-meetings, name, parameters, retention, secrets, slide, stats-token)",
                error("tenants: [{name: acme, secret: s}]"));
        assertEquals("inventory.yaml: tenants[0] (acme): 'stats-token' must be at least 16 characters without "
                + "spaces", error("tenants: [{name: acme, secrets: [s], stats-token: short}]"));
        assertEquals("inventory.yaml: tenants[1] (beta): 'stats-token' is already another tenant's",
                error("tenants: [{name: acme, secrets: [s], stats-token: same-token-0123456},"
                        + " {name: beta, secrets: [t], stats-token: same-token-0123456}]"));
        assertEquals("inventory.yaml: tenants[0] (acme): 'secrets' is required (one or more; several during a "
                + "rollover)", error("tenants: [{name: acme}]"));
        assertEquals("inventory.yaml: tenants[1] (acme): duplicate tenant name",
                error("tenants: [{name: acme, secrets: [a]}, {name: acme, secrets: [b]}]"));
        assertEquals("inventory.yaml: tenants[1] (beta): hostname 'a.example.org' is already tenant 'acme''s",
                error("tenants: [{name: acme, secrets: [a], hostnames: [a.example.org]},"
                        + " {name: beta, secrets: [b], hostnames: [A.example.org]}]"));
        assertTrue(error("tenants: [{name: 'a~b', secrets: [a]}]").startsWith("inventory.yaml: tenants[0] (a~b): "
                + "name may hold only"));
        assertTrue(error("tenants: [{name: acme, secrets: [a], hostnames: ['https://a.example.org']}]")
                .contains("is not a host name"));
        assertEquals("inventory.yaml: tenants[0] (acme): 'max-meetings' must be a whole number of at least 1, "
                + "was '0'", error("tenants: [{name: acme, secrets: [a], max-meetings: 0}]"));
        assertTrue(error("tenants: [{secrets: [a]}]").contains("tenants[0]: 'name' is required"));
    }

    @Test
    void clustersRulesSlideAndLogoAreRead() {
        Inventory inventory = loader.parse("""
                clusters:
                  - name: eu
                parameters:
                  join: {block: [userdata-x]}
                tenants:
                  - name: acme
                    secrets: [s]
                    clusters: [eu]
                    slide: https://cdn.example/s.pdf
                    logo: https://cdn.example/l.png
                    parameters:
                      create: {default: {record: "false"}, override: {welcome: hi}, block: [meta_x]}
                """, "inventory.yaml");
        Tenant acme = inventory.tenants().get(0);
        assertEquals(List.of("eu"), acme.clusters());
        assertEquals("https://cdn.example/s.pdf", acme.slide());
        assertEquals("https://cdn.example/l.png", acme.logo());
        CallRules create = acme.parameters().forCall("create");
        assertEquals("false", create.defaults().get("record"));
        assertEquals("hi", create.overrides().get("welcome"));
        assertTrue(create.blocked().contains("meta_x"));
        assertTrue(inventory.parameters().forCall("join").blocked().contains("userdata-x"));
    }

    @Test
    void policyMistakesNameTheTenant() {
        assertTrue(error("tenants: [{name: a, secrets: s, clusters: [nowhere]}]").contains("unknown cluster 'nowhere'"));
        assertTrue(error("tenants: [{name: a, secrets: s, parameters: {create: {override: {meetingID: x}}}}]")
                .contains("'meetingID' cannot be changed"));
        assertTrue(error("tenants: [{name: a, secrets: s, parameters: {end: {block: [x]}}}]")
                .contains("unknown key 'end'"));
        assertTrue(error("tenants: [{name: a, secrets: s, parameters: {create: {remove: [x]}}}]")
                .contains("unknown key 'remove'"));
        assertTrue(error("tenants: [{name: a, secrets: s, slide: not-a-url}]").contains("slide"));
        assertTrue(error("parameters: {join: {block: [checksum]}}").contains("'checksum' cannot be changed"));
    }

    @Test
    void capsAreReadAsWholeNumbers() {
        Inventory inventory = loader.parse("parameters: {create: {cap: {duration: 240, maxParticipants: \"50\"}}}\n"
                + "tenants: [{name: a, secrets: s, parameters: {create: {cap: {duration: 480}}}}]", "inventory.yaml");
        assertEquals(java.util.Map.of("duration", 240, "maxParticipants", 50),
                inventory.parameters().forCall("create").caps());
        assertEquals(java.util.Map.of("duration", 480),
                inventory.tenants().get(0).parameters().forCall("create").caps());
    }

    @Test
    void capMistakesNameTheRuleAndTheParameter() {
        assertEquals("inventory.yaml: parameters.create.cap: 'welcome' cannot be capped; a cap applies to duration"
                + " and maxParticipants (numeric, where none or 0 means no limit)",
                error("parameters: {create: {cap: {welcome: 5}}}"));
        assertTrue(error("parameters: {join: {cap: {duration: 5}}}").contains("a cap applies to no join parameter"));
        for (String bad : List.of("0", "-1", "four", "2.5", "\"\"", "99999999999")) {
            assertTrue(error("tenants: [{name: a, secrets: s, parameters: {create: {cap: {duration: " + bad + "}}}}]")
                    .contains("'duration' must be a whole number of at least 1"), bad);
        }
        assertTrue(error("parameters: {create: {cap: {meetingID: 5}}}").contains("'meetingID' cannot be changed"));
    }
}
