package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.catalog.RecordingCatalog;
import io.caravan.cli.CaravanCli;
import io.caravan.support.AdminHttp;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.PublishedRecordings;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other ways recordings get into Caravan's storage: tarballs in the spool directory (Scalelite's layout, one per
 * format, for sites with shared storage), an operator's archive through the admin API and the CLI (into a named
 * tenant: recordings made before Caravan), and the node script's --all for a node's existing recordings. The admin
 * API and the CLI show what was imported, what failed and why, and the storage per tenant.
 */
@Tag("end-to-end")
class RecordingImportsEndToEndTest {

    private static final long T0 = 1_760_000_000_000L;
    private static CaravanUnderTest caravan;
    private static Path spool;

    @TempDir
    Path published;

    @BeforeAll
    static void start() throws Exception {
        spool = Files.createTempDirectory("caravan-spool");
        caravan = CaravanUnderTest.builder().nodes(1).adminApi()
                .clustersYaml("""
                        tenants:
                          - name: acme
                            secrets: [acme-secret]
                            hostnames: [acme.example.org]
                          - name: beta
                            secrets: [beta-secret]
                        """)
                .property("caravan.recordings.spool-dir", spool.toString())
                .property("caravan.recordings.spool-interval", "200ms")
                .start();
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static RecordingCatalog catalog() {
        return caravan.bean("recordingCatalogOnDemand", RecordingCatalogOnDemand.class).get();
    }

    private static AdminHttp admin() {
        return new AdminHttp(caravan.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
    }

    /** What Scalelite's post_publish does: tar one format, written under a temporary name, renamed into the spool. */
    private void spoolFormat(String recordId, String format) throws Exception {
        Path temp = spool.resolve(recordId + "-" + format + ".tar.tmp");
        tar(temp, false, format + "/" + recordId);
        Files.move(temp, spool.resolve(recordId + "-" + format + ".tar"), StandardCopyOption.ATOMIC_MOVE);
    }

    private void tar(Path archive, boolean gzip, String... entries) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("tar", "-C", published.toString(),
                gzip ? "-czf" : "-cf", archive.toString()));
        command.addAll(List.of(entries));
        Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(tar.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, tar.exitValue(), new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static List<String> formats(String recordId) {
        return catalog().find(recordId).map(e -> e.recording().formats().stream().map(f -> f.type()).sorted()
                .toList()).orElse(List.of());
    }

    private static long files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void spoolTarballsOfEachFormatAreImportedIntoOneRecording() throws Exception {
        String recordId = "a2b2c3d4e5f60718293a4b5c6d7e8f9012345678-1760000000000";
        new PublishedRecordings(published).publish(recordId, "acme~history", T0, "presentation", "video");

        spoolFormat(recordId, "presentation");
        CaravanUnderTest.await(() -> formats(recordId).equals(List.of("presentation")), "presentation imported");
        CaravanUnderTest.await(() -> !Files.exists(spool.resolve(recordId + "-presentation.tar")), "tarball deleted");
        spoolFormat(recordId, "video");
        CaravanUnderTest.await(() -> formats(recordId).equals(List.of("presentation", "video")),
                "video imported beside the presentation");
        Path stored = caravan.dataDir().resolve("recordings/acme").resolve(recordId);
        assertTrue(Files.isRegularFile(stored.resolve("presentation/metadata.xml")), "the presentation kept");
        assertTrue(Files.isRegularFile(stored.resolve("video/video-0.m4v")), "the video added");
        assertEquals("history", catalog().find(recordId).orElseThrow().recording().meetingId());

        JsonNode imports = admin().get("/recordings/imports").json();
        assertEquals(2, count(imports.path("latest"), i -> "spool".equals(i.path("source").asText())
                && recordId.equals(i.path("recordID").asText()) && "imported".equals(i.path("outcome").asText())));
        assertTrue(count(imports.path("storage"), s -> "acme".equals(s.path("tenant").asText())
                && s.path("bytes").asLong() > 0) == 1, "storage per tenant: " + imports.path("storage"));
    }

    private static long count(JsonNode array, java.util.function.Predicate<JsonNode> matching) {
        long n = 0;
        for (JsonNode item : array) {
            n += matching.test(item) ? 1 : 0;
        }
        return n;
    }

    @Test
    void aRefusedSpoolTarballMovesAsideWithItsReasonAndCanBeRetried() throws Exception {
        Files.write(spool.resolve("broken.tar.tmp"), "this is not a tar archive at all".repeat(40)
                .getBytes(StandardCharsets.UTF_8));
        Files.move(spool.resolve("broken.tar.tmp"), spool.resolve("broken.tar"), StandardCopyOption.ATOMIC_MOVE);
        String foreign = "b2b2c3d4e5f60718293a4b5c6d7e8f9012345678-1760000000000";
        new PublishedRecordings(published).publish(foreign, "nobody~room", T0, "presentation");
        spoolFormat(foreign, "presentation");

        Path failed = spool.resolve(".failed");
        CaravanUnderTest.await(() -> files(failed, ".tar") == 2 && files(failed, ".reason") == 2, "both refused");
        assertEquals(0, files(spool, ".tar"), "nothing left waiting");
        assertTrue(catalog().find(foreign).isEmpty(), "a refused recording is not catalogued");
        try (Stream<Path> reasons = Files.list(failed)) {
            String all = String.join("\n", reasons.filter(p -> p.toString().endsWith(".reason")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList());
            assertTrue(all.contains("UNKNOWN_TENANT"), all);
        }
        JsonNode imports = admin().get("/recordings/imports").json();
        assertEquals(2, imports.path("spool").path("failed").asInt(), imports.toString());
        assertTrue(count(imports.path("latest"), i -> "failed".equals(i.path("outcome").asText())
                && i.path("from").asText().equals("broken.tar")) >= 1, imports.path("latest").toString());

        AdminHttp.Answer retried = admin().post("/recordings/imports/retry", null);
        assertEquals(200, retried.status(), retried.toString());
        assertEquals(2, retried.json().path("retried").asInt());
        // refused again: back in .failed, each with its reason again
        CaravanUnderTest.await(() -> files(failed, ".tar") == 2 && files(failed, ".reason") == 2
                && files(spool, ".tar") == 0, "refused again after the retry");
        assertTrue(count(admin().get("/recordings/imports").json().path("latest"),
                i -> i.path("from").asText().equals("broken.tar")) >= 2, "the retry was tried");
    }

    private static String[] cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = caravan.baseUrl();
        all[args.length + 2] = "--token";
        all[args.length + 3] = CaravanUnderTest.ADMIN_TOKEN;
        return all;
    }

    private record Cli(int code, String out, String err) {
    }

    private static Cli run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CaravanCli.run(cli(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anOperatorImportsARecordingMadeWithoutCaravanIntoATenant() throws Exception {
        String recordId = "c2b2c3d4e5f60718293a4b5c6d7e8f9012345678-1760000000000";
        new PublishedRecordings(published).publish(recordId, "legacy-room", T0, "presentation");
        Path archive = published.resolve("legacy.tar.gz");
        tar(archive, true, "presentation/" + recordId);

        Cli noTenant = run("recordings", "import", archive.toString());
        assertNotEquals(0, noTenant.code(), "tenants are declared and the meetingID names none");
        assertTrue(noTenant.err().contains("names no tenant"), noTenant.err());
        Cli unknown = run("recordings", "import", archive.toString(), "--tenant", "nobody");
        assertNotEquals(0, unknown.code());
        assertTrue(unknown.err().contains("no tenant 'nobody'"), unknown.err());
        assertTrue(catalog().find(recordId).isEmpty(), "nothing kept of the refusals");
        String betas = "f2b2c3d4e5f60718293a4b5c6d7e8f9012345678-1760000000000";
        new PublishedRecordings(published).publish(betas, "beta~room", T0, "presentation");
        Path betaArchive = published.resolve("beta.tar");
        tar(betaArchive, false, "presentation/" + betas);
        Cli otherTenant = run("recordings", "import", betaArchive.toString(), "--tenant", "acme");
        assertNotEquals(0, otherTenant.code(), "a recording of beta's meeting does not move into acme");
        assertTrue(otherTenant.err().contains("is tenant beta's"), otherTenant.err());
        assertTrue(catalog().find(betas).isEmpty());

        Cli imported = run("recordings", "import", archive.toString(), "--tenant", "acme");
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("imported " + recordId), imported.out());
        assertEquals("acme", catalog().find(recordId).orElseThrow().recording().tenant());
        BbbClient acme = new BbbClient(caravan.apiUrl(), "acme-secret");
        Xml listed = Xml.parse(acme.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                acme.url("getRecordings", "meetingID=legacy-room"))).header("X-Forwarded-Host", "acme.example.org")
                .GET()).body());
        assertEquals(List.of(recordId), listed.texts("recordID"), "acme's clients list it under its meetingID");

        Cli shown = run("recordings", "imports");
        assertEquals(0, shown.code(), shown.err());
        assertTrue(shown.out().contains(recordId) && shown.out().contains("admin"), shown.out());

        AdminHttp wrongToken = new AdminHttp(caravan.baseUrl(), "not-the-token");
        assertEquals(401, wrongToken.post("/recordings/import?tenant=acme", null).status());
    }

    @Test
    void theNodeScriptUploadsEveryRecordingOfTheNodeWithAll() throws Exception {
        PublishedRecordings node = new PublishedRecordings(published);
        String first = "d2b2c3d4e5f60718293a4b5c6d7e8f9012345678-1760000000000";
        String second = "e2b2c3d4e5f60718293a4b5c6d7e8f9012345678-1760000000000";
        node.publish(first, "acme~art", T0, "presentation", "video");
        node.publish(second, "acme~music", T0 + 1, "presentation");

        PublishedRecordings.Run run = node.upload(caravan, "--all", 0);

        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().contains("2 recordings uploaded, 0 failed"), run.out());
        assertEquals(List.of("presentation", "video"), formats(first));
        assertEquals(List.of("presentation"), formats(second));
    }
}
