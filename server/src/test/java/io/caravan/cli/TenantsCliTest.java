package io.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.caravan.support.CaravanUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The tenants subcommands, run in-process against a real Caravan with a tenant in its inventory. */
@Tag("end-to-end")
class TenantsCliTest {

    private static CaravanUnderTest caravan;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(1).adminApi()
                .clustersYaml("""
                        tenants:
                          - name: acme
                            secrets: [acme-secret]
                            hostnames: [acme.example.org]
                        """)
                .start();
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--caravan", caravan.baseUrl()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CaravanCli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("CARAVAN_ADMIN_TOKEN", CaravanUnderTest.ADMIN_TOKEN));
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        for (String secret : List.of("acme-secret", "cli-one", "cli-two", "cli-three")) {
            assertFalse(run.out.contains(secret) || run.err.contains(secret), "no secret printed: " + run);
        }
        return run;
    }

    @Test
    void listAddUpdateRemove() {
        Run list = cli("tenants", "list");
        assertEquals(0, list.exitCode, list.toString());
        assertTrue(list.out.contains("acme") && list.out.contains("acme.example.org"), list.out);

        Run add = cli("tenants", "add", "cli", "--secret", "cli-one", "--secret", "cli-two", "--host",
                "cli.example.org", "--host", "cli2.example.org", "--max-meetings", "3");
        assertEquals(0, add.exitCode, add.toString());
        assertTrue(add.out.contains("tenant cli added: 2 secrets"), add.out);
        assertTrue(add.out.contains("cli.example.org,cli2.example.org"), add.out);
        assertTrue(add.out.contains("max meetings 3"), add.out);

        Run update = cli("tenants", "update", "cli", "--add-secret", "cli-three", "--remove-secret", "cli-one",
                "--max-meetings", "0", "--max-attendees", "40");
        assertEquals(0, update.exitCode, update.toString());
        assertTrue(update.out.contains("2 secrets") && update.out.contains("max meetings -")
                && update.out.contains("max attendees 40"), update.out);
        assertTrue(cli("tenants", "list").out.contains("cli2.example.org"));

        Run remove = cli("tenants", "remove", "cli");
        assertEquals(0, remove.exitCode, remove.toString());
        assertTrue(remove.out.contains("tenant cli removed"));
        assertFalse(cli("tenants", "list").out.contains("cli.example.org"));
    }

    @Test
    void failuresHaveTheExitCodesOfTheOtherSubcommands() {
        Run duplicate = cli("tenants", "add", "acme", "--secret", "cli-one");
        assertEquals(1, duplicate.exitCode);
        assertTrue(duplicate.err.contains("already exists"), duplicate.err);
        Run hostTaken = cli("tenants", "add", "other", "--secret", "cli-one", "--host", "acme.example.org");
        assertEquals(1, hostTaken.exitCode);
        assertEquals(1, cli("tenants", "remove", "nobody").exitCode);
        assertEquals(1, cli("tenants", "update", "nobody", "--max-meetings", "2").exitCode);
        assertEquals(1, cli("tenants", "add", "bad name", "--secret", "cli-one").exitCode);
        assertEquals(2, cli("tenants", "add", "nosecret").exitCode);
        assertEquals(2, cli("tenants", "update", "acme").exitCode);
        assertEquals(2, cli("tenants", "add", "x", "--secret", "cli-one", "--max-meetings", "many").exitCode);
        assertEquals(2, cli("tenants", "frobnicate").exitCode);
        assertEquals(2, cli("tenants").exitCode);
    }
}
