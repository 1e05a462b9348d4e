package io.caravan.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;

/**
 * The local directory where a store unpacks uploads before it takes them, one new directory per import, which the
 * store deletes when the import is done or refused.
 */
final class ImportStaging {

    /**
     * How old a staged import must be before it is removed as a crash's leftover. Far longer than any upload takes,
     * so that in a directory several instances share, another instance's import in progress is never taken.
     */
    static final Duration ABANDONED_AFTER = Duration.ofDays(1);

    private final Path dir;

    /**
     * An import cut off by a crash or a kill leaves its directory behind: removed here, at start, once it is older
     * than {@link #ABANDONED_AFTER} at {@code now}.
     */
    ImportStaging(Path dir, Instant now) throws IOException {
        this.dir = dir;
        if (!Files.isDirectory(dir)) {
            return;
        }
        Instant before = now.minus(ABANDONED_AFTER);
        try (DirectoryStream<Path> imports = Files.newDirectoryStream(dir)) {
            for (Path staged : imports) {
                if (Files.getLastModifiedTime(staged, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(before)) {
                    deleteTree(staged);
                }
            }
        }
    }

    /** A new empty directory for one import. */
    Path newImport() throws IOException {
        return Files.createTempDirectory(Files.createDirectories(dir), "import-");
    }

    /** Deletes a tree without following links out of it; a tree already gone is fine. */
    static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
