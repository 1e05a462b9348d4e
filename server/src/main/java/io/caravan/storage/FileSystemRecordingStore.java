package io.caravan.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Recordings in a directory (Caravan passes {@code <caravan.data-dir>/recordings}), one directory per tenant
 * ({@code _} for the default one): {@code <root>/<tenant>/<recordID>/<format>/...}.
 *
 * <p>An import is unpacked into {@code <root>/.staging/}, on the same filesystem, and moved whole into
 * {@code <tenant>/.versions/<recordID>.<import>}. What makes it visible is {@code <tenant>/<recordID>}, a symbolic
 * link to that version, renamed into place in one step: a directory cannot be atomically renamed over a non-empty
 * one, a link can, so a re-import replaces the recording for readers at one instant and the old version is deleted
 * after it. A reader who opened a file of the old version keeps reading it (its inode lives until closed).
 *
 * <p>The switch is serialised within this store object only: two Caravan instances importing the same recordID into
 * one shared directory at the same time may leave an old version behind (never a half-written one visible).
 */
public final class FileSystemRecordingStore implements RecordingStore {

    private static final String STAGING = ".staging";
    private static final String VERSIONS = ".versions";

    private final Path root;
    private final RecordingArchive archive;
    private final ImportStaging staging;
    private final Object switchLock = new Object();

    public FileSystemRecordingStore(Path root, RecordingArchive archive) throws IOException {
        this(root, archive, Clock.systemUTC());
    }

    /** @param clock tells how old staged imports are (tests give their own) */
    FileSystemRecordingStore(Path root, RecordingArchive archive, Clock clock) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
        this.archive = archive;
        this.staging = new ImportStaging(this.root.resolve(STAGING), clock.instant());
    }

    @Override
    public ImportedRecording importRecording(Function<RecordingMetadata, String> tenantOf, InputStream upload,
            boolean keepOtherFormats) throws IOException {
        Path staged = staging.newImport();
        Path version = null;
        Path newLink = null;
        try {
            RecordingMetadata metadata = archive.unpack(upload, staged);
            String tenant = tenantOf.apply(metadata);
            Path tenantDir = tenantDir(tenant);
            long bytes = bytesUnder(staged);
            String recordId = metadata.recordId();
            String versionName = recordId + "." + staged.getFileName();
            version = Files.createDirectories(tenantDir.resolve(VERSIONS)).resolve(versionName);
            Files.move(staged, version, StandardCopyOption.ATOMIC_MOVE);
            newLink = Files.createSymbolicLink(tenantDir.resolve(".link-" + staged.getFileName()),
                    Path.of(VERSIONS, versionName));
            Path visible = tenantDir.resolve(recordId);
            Path replaced;
            synchronized (switchLock) {
                replaced = currentVersion(visible);
                if (replaced == null && Files.exists(visible, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(visible + " exists and is not the store's: not replaced");
                }
                if (keepOtherFormats && replaced != null) {
                    keepFormats(replaced, version);
                }
                // rename(2): the link is replaced in one step, readers see the old version or the new one
                Files.move(newLink, visible, StandardCopyOption.ATOMIC_MOVE);
            }
            newLink = null;
            version = null;
            if (replaced != null) {
                ImportStaging.deleteTree(replaced);
            }
            return new ImportedRecording(RecordingNames.tenant(tenant), metadata, bytes);
        } finally {
            ImportStaging.deleteTree(staged);
            if (version != null) {
                ImportStaging.deleteTree(version);
            }
            if (newLink != null) {
                Files.deleteIfExists(newLink);
            }
        }
    }

    @Override
    public Optional<PlaybackFile> file(String tenant, String recordId, String path) throws IOException {
        Optional<String> relative = RecordingNames.playbackPath(path);
        if (!RecordingArchive.RECORD_ID.matcher(recordId).matches() || relative.isEmpty()) {
            return Optional.empty();
        }
        Path link = tenantDir(tenant).resolve(recordId);
        try {
            if (!Files.isSymbolicLink(link)) {
                return Optional.empty();
            }
            Path base = link.toRealPath();
            Path candidate = base.resolve(relative.get()).normalize();
            if (!candidate.startsWith(base) || !Files.exists(candidate)) {
                return Optional.empty();
            }
            // a link inside the recording (the store never writes one, an operator might) must stay inside it
            Path real = candidate.toRealPath();
            if (!real.startsWith(base) || !Files.isRegularFile(real)) {
                return Optional.empty();
            }
            return Optional.of(PlaybackFile.local(real, Files.size(real), PlaybackContentType.of(real.toString())));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // deleted or replaced while being resolved
        }
    }

    @Override
    public boolean delete(String tenant, String recordId) throws IOException {
        if (!RecordingArchive.RECORD_ID.matcher(recordId).matches()) {
            return false;
        }
        Path visible = tenantDir(tenant).resolve(recordId);
        Path version;
        synchronized (switchLock) {
            version = currentVersion(visible);
            if (version == null) {
                return false;
            }
            Files.delete(visible);
        }
        ImportStaging.deleteTree(version);
        return true;
    }

    @Override
    public List<String> recordIds(String tenant) throws IOException {
        Path tenantDir = tenantDir(tenant);
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(tenantDir)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tenantDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && Files.isSymbolicLink(entry)) {
                    ids.add(name);
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    @Override
    public long bytesUsed(String tenant) throws IOException {
        Path tenantDir = tenantDir(tenant);
        return Files.isDirectory(tenantDir) ? bytesUnder(tenantDir) : 0;
    }

    /** The version directory {@code visible} links to, or null when it is not one of the store's links. */
    private static Path currentVersion(Path visible) throws IOException {
        if (!Files.isSymbolicLink(visible)) {
            return null;
        }
        Path target = Files.readSymbolicLink(visible);
        Path version = visible.resolveSibling(target).normalize();
        return version.startsWith(visible.resolveSibling(VERSIONS)) ? version : null;
    }

    private Path tenantDir(String tenant) {
        return root.resolve(RecordingNames.tenant(tenant));
    }

    /**
     * Hard-links into the new version the formats of the current one it does not have (a copy where the file system
     * has no hard links): the files are immutable, so the versions may share them, and deleting the old version
     * leaves the new one whole.
     */
    private static void keepFormats(Path current, Path version) throws IOException {
        try (DirectoryStream<Path> formats = Files.newDirectoryStream(current)) {
            for (Path format : formats) {
                Path target = version.resolve(format.getFileName().toString());
                if (!Files.isDirectory(format, LinkOption.NOFOLLOW_LINKS) || Files.exists(target)) {
                    continue;
                }
                Files.walkFileTree(format, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
                            throws IOException {
                        Files.createDirectories(target.resolve(format.relativize(dir).toString()));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                        if (attributes.isRegularFile()) {
                            Path linked = target.resolve(format.relativize(file).toString());
                            try {
                                Files.createLink(linked, file);
                            } catch (UnsupportedOperationException | IOException e) {
                                Files.copy(file, linked);
                            }
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        }
    }

    /** Regular files only, links not followed: a version is counted once. */
    private static long bytesUnder(Path dir) throws IOException {
        AtomicLong total = new AtomicLong();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    total.addAndGet(attributes.size());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // deleted by a concurrent delete or replace
            }
        });
        return total.get();
    }
}
