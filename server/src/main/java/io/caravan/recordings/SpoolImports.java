package io.caravan.recordings;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.caravan.inventory.Tenants;
import io.caravan.storage.ImportedRecording;
import io.caravan.storage.RecordingRefused;
import io.caravan.storage.RecordingStore;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of route recording-spool-import: a recording tarball that appeared in caravan.recordings.spool-dir, as
 * Scalelite's post_publish script writes one per published format ({@code <recordID>-<format>.tar} of
 * {@code <format>/<recordID>/...}) onto storage the nodes share. It is imported into its tenant keeping the formats
 * imported before ({@link RecordingStore#importFormats}), then the route deletes it. A tarball Caravan refuses (corrupt,
 * unsafe, another tenant's) moves to {@code .failed/} with a {@code .reason} file beside it, for the operator to
 * look at and retry (admin API); one that fails for a reason of Caravan's (storage not writable) stays and is
 * tried again at the next look.
 */
public final class SpoolImports {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolImports.class);
    private static final String FAILED = ".failed";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);
    private static final Pattern STAMPED = Pattern.compile("\\d{8}-\\d{6}-\\d{3}-(.+)");

    private final RecordingStore store;
    private final RecordingTenant tenants;
    private final RecordingCatalogue catalogue;
    private final ImportLog imports;
    private final Path spoolDir;
    private final Clock clock;

    public SpoolImports(RecordingStore store, Tenants tenants, RecordingCatalogOnDemand catalog, ImportLog imports,
            Path spoolDir, Clock clock) {
        this.store = store;
        this.tenants = new RecordingTenant(tenants);
        this.catalogue = new RecordingCatalogue(store, catalog);
        this.imports = imports;
        this.spoolDir = spoolDir;
        this.clock = clock;
    }

    /** Imports one tarball of the spool directory (the body: the file). */
    public void importFile(@Body File tarball) throws IOException {
        String name = tarball.getName();
        try (InputStream archive = Files.newInputStream(tarball.toPath())) {
            ImportedRecording imported = store.importFormats(tenants::of, archive);
            catalogue.record(imported, null, true);
            String tenant = RecordingCatalogue.DEFAULT_TENANT.equals(imported.tenant()) ? null : imported.tenant();
            imports.imported("spool", name, imported.metadata().recordId(), tenant, imported.bytes());
            LOG.info("recording {} imported from spool file {} into tenant {}: {} bytes",
                    imported.metadata().recordId(), name, imported.tenant(), imported.bytes());
        }
    }

    /**
     * A tarball the import refused: moved to {@code .failed/} (its name stamped, so a second one of that name keeps
     * the first), its reason written beside it, one warning logged.
     */
    public void refused(@Body File tarball, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) RecordingRefused refusal)
            throws IOException {
        String reason = refusal.reason().name() + ": " + refusal.getMessage();
        imports.failed("spool", tarball.getName(), null, reason);
        Path failed = Files.createDirectories(spoolDir.resolve(FAILED))
                .resolve(STAMP.format(clock.instant()) + "-" + tarball.getName());
        Files.move(tarball.toPath(), failed, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(failed.resolveSibling(failed.getFileName() + ".reason"), reason + "\n");
        LOG.warn("spool file {} refused, moved to {}: {}", tarball.getName(), spoolDir.relativize(failed), reason);
    }

    /** The tarballs waiting in the spool directory (not yet looked at, or being retried). */
    public long pending() throws IOException {
        return count(spoolDir);
    }

    /** The refused tarballs in {@code .failed/}. */
    public long failed() throws IOException {
        return spoolDir == null ? 0 : count(spoolDir.resolve(FAILED));
    }

    /** Moves the refused tarballs back into the spool directory, to be imported again; how many were moved. */
    public int retryFailed() throws IOException {
        Path failedDir = spoolDir == null ? null : spoolDir.resolve(FAILED);
        if (failedDir == null || !Files.isDirectory(failedDir)) {
            return 0;
        }
        int moved = 0;
        try (var files = Files.newDirectoryStream(failedDir, SpoolImports::isTarball)) {
            for (Path file : files) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".reason"));
                // under its own name again, unless a tarball of that name has arrived since
                Matcher stamped = STAMPED.matcher(file.getFileName().toString());
                Path back = spoolDir.resolve(stamped.matches() ? stamped.group(1) : file.getFileName().toString());
                Files.move(file, Files.exists(back) ? spoolDir.resolve(file.getFileName()) : back,
                        StandardCopyOption.ATOMIC_MOVE);
                moved++;
            }
        }
        return moved;
    }

    private static long count(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.newDirectoryStream(dir, SpoolImports::isTarball)) {
            long n = 0;
            for (Path ignored : files) {
                n++;
            }
            return n;
        }
    }

    /** The names the spool route takes: what Scalelite's and Caravan's scripts write once a tarball is whole. */
    static boolean isTarball(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && !name.startsWith(".")
                && (name.endsWith(".tar") || name.endsWith(".tar.gz") || name.endsWith(".tgz"));
    }

    public boolean enabled() {
        return spoolDir != null;
    }
}
