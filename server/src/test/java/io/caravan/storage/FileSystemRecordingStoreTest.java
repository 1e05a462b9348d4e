package io.caravan.storage;
import static io.caravan.storage.TestRecordings.RECORD_ID;
import static io.caravan.storage.TestRecordings.SLIDES;
import static io.caravan.storage.TestRecordings.WEBM;
import static io.caravan.storage.TestRecordings.directory;
import static io.caravan.storage.TestRecordings.file;
import static io.caravan.storage.TestRecordings.gzippedTar;
import static io.caravan.storage.TestRecordings.presentationAndVideo;
import static io.caravan.storage.TestRecordings.special;
import static io.caravan.storage.TestRecordings.tar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import io.caravan.storage.RecordingRefused.Reason;
import io.caravan.storage.TestRecordings.Entry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileSystemRecordingStoreTest {

    static final int MAX_ENTRIES = 100;
    static final long MAX_BYTES = 1024 * 1024;

    @TempDir
    Path dataDir;

    private Path root;
    private FileSystemRecordingStore store;

    @BeforeEach
    void openStore() throws IOException {
        root = dataDir.resolve("recordings");
        store = new FileSystemRecordingStore(root, new RecordingArchive(MAX_ENTRIES, MAX_BYTES));
    }

    @Test
    void anImportAbandonedByACrashIsRemovedAtStartOnceItIsOld() throws IOException {
        Path staging = Files.createDirectories(root.resolve(".staging"));
        Path abandoned = Files.createDirectories(staging.resolve("import-crashed/presentation"));
        Files.writeString(abandoned.resolve("metadata.xml"), "<recording/>");
        Path inProgress = Files.createDirectories(staging.resolve("import-running"));
        Instant now = Instant.now();
        Files.setLastModifiedTime(staging.resolve("import-crashed"),
                FileTime.from(now.minus(ImportStaging.ABANDONED_AFTER).minusSeconds(60)));

        new FileSystemRecordingStore(root, new RecordingArchive(MAX_ENTRIES, MAX_BYTES),
                Clock.fixed(now, ZoneOffset.UTC));

        assertFalse(Files.exists(staging.resolve("import-crashed")), "a day-old staged import is a crash's leftover");
        assertTrue(Files.isDirectory(inProgress), "a recent one may be another instance's import in progress");
    }

    @Test
    void anImportedRecordingIsStoredPerTenantAndFormat() throws IOException {
        ImportedRecording imported = importArchive("school", gzippedTar(presentationAndVideo()));

        assertEquals("school", imported.tenant());
        assertEquals(RECORD_ID, imported.metadata().recordId());
        assertEquals(List.of(RECORD_ID), store.recordIds("school"));
        assertEquals(List.of(), store.recordIds(null));
        Path recording = root.resolve("school").resolve(RECORD_ID);
        assertTrue(Files.isRegularFile(recording.resolve("presentation/shapes.svg")));
        assertTrue(Files.isRegularFile(recording.resolve("presentation/" + SLIDES + "/slide-1.png")));
        assertArrayEquals(WEBM, Files.readAllBytes(recording.resolve("presentation/video/webcams.webm")));
        assertTrue(Files.isRegularFile(recording.resolve("video/video-0.m4v")));
        assertEquals(imported.bytes(), store.bytesUsed("school"));
        assertEquals(imported.bytes(), bytesOf(presentationAndVideo()));
        assertStagingEmpty();
    }

    @Test
    void theDefaultTenantsRecordingsAreUnderscore() throws IOException {
        importArchive(null, gzippedTar(presentationAndVideo()));

        assertEquals(List.of(RECORD_ID), store.recordIds(""));
        assertTrue(Files.isDirectory(root.resolve("_").resolve(RECORD_ID).resolve("presentation")));
        assertTrue(store.file(null, RECORD_ID, "presentation/metadata.xml").isPresent());
        assertEquals(List.of(), store.recordIds("school"));
        assertEquals(0, store.bytesUsed("school"));
    }

    @Test
    void importingFormatsKeepsTheRecordingsOtherFormats() throws IOException {
        List<Entry> video = new ArrayList<>(presentationAndVideo());
        video.removeIf(e -> !e.name().startsWith("video/"));
        List<Entry> presentation = new ArrayList<>(presentationAndVideo());
        presentation.removeIf(e -> e.name().startsWith("video/"));
        store.importFormats(metadata -> "school", new ByteArrayInputStream(gzippedTar(presentation)));
        Path firstVersion = root.resolve("school").resolve(RECORD_ID).toRealPath();

        ImportedRecording added = store.importFormats(metadata -> "school",
                new ByteArrayInputStream(gzippedTar(video)));

        assertEquals(List.of("video"), added.metadata().formats().stream().map(RecordingFormat::type).toList(),
                "the import names the formats it brought");
        assertTrue(store.file("school", RECORD_ID, "presentation/shapes.svg").isPresent(), "the presentation kept");
        assertTrue(store.file("school", RECORD_ID, "video/video-0.m4v").isPresent(), "the video added");
        assertFalse(Files.exists(firstVersion), "the version before is deleted; the new one has its own links");

        // the same format again replaces that format only
        List<Entry> newVideo = new ArrayList<>(video);
        newVideo.replaceAll(e -> e.name().endsWith("/index.html") ? file(e.name(), "<!doctype html>new") : e);
        store.importFormats(metadata -> "school", new ByteArrayInputStream(gzippedTar(newVideo)));
        assertEquals("<!doctype html>new", Files.readString(store.file("school", RECORD_ID, "video/index.html")
                .orElseThrow().file()));
        assertTrue(store.file("school", RECORD_ID, "presentation/shapes.svg").isPresent());
        try (Stream<Path> versions = Files.list(root.resolve("school/.versions"))) {
            assertEquals(1, versions.count());
        }
        assertStagingEmpty();
    }

    @Test
    void aReimportReplacesTheRecordingWholeAndRemovesTheOldVersion() throws IOException {
        importArchive("school", gzippedTar(presentationAndVideo()));
        Path oldVersion = root.resolve("school").resolve(RECORD_ID).toRealPath();
        List<Entry> presentationOnly = new ArrayList<>(presentationAndVideo());
        presentationOnly.removeIf(e -> e.name().startsWith("video/"));
        presentationOnly.replaceAll(e -> e.name().endsWith("/shapes.svg") ? file(e.name(), "<svg>new</svg>") : e);

        ImportedRecording replaced = importArchive("school", gzippedTar(presentationOnly));

        assertEquals(List.of("presentation"), replaced.metadata().formats().stream().map(RecordingFormat::type)
                .toList());
        assertEquals("<svg>new</svg>", Files.readString(store.file("school", RECORD_ID, "presentation/shapes.svg")
                .orElseThrow().file()));
        assertEquals(Optional.empty(), store.file("school", RECORD_ID, "video/video-0.m4v"));
        assertFalse(Files.exists(oldVersion), "the old version is deleted after the switch");
        assertEquals(List.of(RECORD_ID), store.recordIds("school"));
        assertEquals(replaced.bytes(), store.bytesUsed("school"));
        try (Stream<Path> versions = Files.list(root.resolve("school/.versions"))) {
            assertEquals(1, versions.count());
        }
        assertStagingEmpty();
    }

    @Test
    void aRefusedReimportLeavesTheStoredRecordingAsItWas() throws IOException {
        importArchive("school", gzippedTar(presentationAndVideo()));
        long before = store.bytesUsed("school");
        List<Entry> escaping = new ArrayList<>(presentationAndVideo());
        escaping.add(file("presentation/" + RECORD_ID + "/../../../evil.txt", "x"));

        assertThrows(RecordingRefused.class, () -> importArchive("school", gzippedTar(escaping)));

        assertEquals(before, store.bytesUsed("school"));
        assertTrue(store.file("school", RECORD_ID, "video/video-0.m4v").isPresent());
        assertStagingEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArchives")
    void aBadArchiveIsRefusedAndLeavesNothingBehind(String what, byte[] archive, Reason reason) throws IOException {
        RecordingRefused refused = assertThrows(RecordingRefused.class, () -> importArchive("school", archive));

        assertEquals(reason, refused.reason(), refused.getMessage());
        assertFalse(refused.getMessage().isBlank());
        assertEquals(List.of(), store.recordIds("school"));
        assertFalse(Files.exists(root.resolve("school")), "no tenant directory for a refused import");
        assertStagingEmpty();
        assertFalse(Files.exists(dataDir.resolve("evil.txt")));
    }

    static Stream<Arguments> badArchives() {
        String p = "presentation/" + RECORD_ID + "/";
        byte[] good = gzippedTar(presentationAndVideo());
        byte[] goodPlain = tar(List.of(file(p + "video/webcams.webm", new byte[8192])));
        byte[] garbage = new byte[8192];
        new Random(13).nextBytes(garbage);
        List<Entry> tooMany = new ArrayList<>(presentationAndVideo());
        for (int i = 0; i < MAX_ENTRIES; i++) {
            tooMany.add(file(p + "presentation/extra/slide-" + i + ".png", TestRecordings.PNG));
        }
        return Stream.of(
                bad("../ out of the recording", with(file(p + "../../../evil.txt", "x")), Reason.UNSAFE_PATH),
                bad("../ at the top", with(file("../evil.txt", "x")), Reason.UNSAFE_PATH),
                bad("absolute path", with(file("/tmp/evil.txt", "x")), Reason.UNSAFE_PATH),
                bad("windows drive", with(file("C:/evil.txt", "x")), Reason.UNSAFE_PATH),
                bad("backslashes", with(file(p + "..\\..\\evil.txt", "x")), Reason.UNSAFE_PATH),
                bad("symbolic link", with(special(p + "passwd", TarConstants.LF_SYMLINK, "/etc/passwd")),
                        Reason.UNSUPPORTED_ENTRY),
                bad("symbolic link to a sibling", with(special(p + "shapes2.svg", TarConstants.LF_SYMLINK,
                        "shapes.svg")), Reason.UNSUPPORTED_ENTRY),
                bad("hard link", with(special(p + "passwd", TarConstants.LF_LINK, "/etc/passwd")),
                        Reason.UNSUPPORTED_ENTRY),
                bad("character device", with(special(p + "null", TarConstants.LF_CHR, null)),
                        Reason.UNSUPPORTED_ENTRY),
                bad("block device", with(special(p + "sda", TarConstants.LF_BLK, null)), Reason.UNSUPPORTED_ENTRY),
                bad("FIFO", with(special(p + "pipe", TarConstants.LF_FIFO, null)), Reason.UNSUPPORTED_ENTRY),
                bad("too many entries", gzippedTar(tooMany), Reason.TOO_MANY_ENTRIES),
                bad("too many bytes", with(file(p + "video/big.webm", new byte[(int) MAX_BYTES])),
                        Reason.TOO_MANY_BYTES),
                bad("truncated gzip", Arrays.copyOf(good, good.length / 2), Reason.CORRUPT),
                bad("truncated tar, inside a file", Arrays.copyOf(goodPlain, 512 + 4096), Reason.CORRUPT),
                bad("not an archive", garbage, Reason.CORRUPT),
                bad("gzip of garbage", gzip(garbage), Reason.CORRUPT),
                bad("empty upload", new byte[0], Reason.NOT_A_RECORDING),
                bad("no metadata.xml", gzippedTar(presentationAndVideo().stream()
                        .filter(e -> !e.name().endsWith("metadata.xml")).toList()), Reason.NOT_A_RECORDING),
                bad("a file beside the formats", with(file("README", "hello")), Reason.NOT_A_RECORDING),
                bad("metadata.xml with an external entity", gzippedTar(List.of(directory(p),
                        file(p + "metadata.xml", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM"
                                + " \"file:///etc/passwd\">]><recording><id>&x;</id></recording>"))),
                        Reason.BAD_METADATA),
                bad("metadata.xml not bbb's", gzippedTar(List.of(file(p + "metadata.xml", "<html/>"))),
                        Reason.BAD_METADATA));
    }

    @Test
    void aGzipBombIsRefusedBeforeItIsUnpacked() throws IOException {
        // a few kilobytes that unpack to 8 MiB of zeros: refused at the entry, nothing of it written
        byte[] bomb = gzippedTar(List.of(file("presentation/" + RECORD_ID + "/video/webcams.webm",
                new byte[8 * 1024 * 1024])));
        assertTrue(bomb.length < 64 * 1024);

        RecordingRefused refused = assertThrows(RecordingRefused.class, () -> importArchive("school", bomb));
        assertEquals(Reason.TOO_MANY_BYTES, refused.reason());
        assertTrue(refused.reason().tooLarge());
        assertStagingEmpty();
    }

    @Test
    void anUploadCutOffMidwayLeavesNothingBehind() throws IOException {
        byte[] archive = gzippedTar(presentationAndVideo());
        InputStream dropped = new FilterInputStream(new ByteArrayInputStream(archive)) {
            private int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > archive.length / 2) {
                    throw new IOException("connection reset by peer");
                }
                int n = super.read(b, off, Math.min(len, 512));
                read += Math.max(n, 0);
                return n;
            }
        };

        RecordingRefused refused = assertThrows(RecordingRefused.class, () -> store.importRecording("school",
                dropped));
        assertEquals(Reason.CORRUPT, refused.reason());
        assertEquals(List.of(), store.recordIds("school"));
        assertStagingEmpty();
    }

    @Test
    void playbackFilesHaveTheirSizeAndContentType() throws IOException {
        importArchive("school", gzippedTar(presentationAndVideo()));

        PlaybackFile webcams = store.file("school", RECORD_ID, "presentation/video/webcams.webm").orElseThrow();
        assertEquals(WEBM.length, webcams.size());
        assertEquals("video/webm", webcams.contentType());
        assertEquals("image/svg+xml", contentType("presentation/shapes.svg"));
        assertEquals("application/xml", contentType("presentation/slides_new.xml"));
        assertEquals("image/png", contentType("presentation/" + SLIDES + "/slide-1.png"));
        assertEquals("text/html; charset=utf-8", contentType("video/index.html"));
        assertEquals("application/octet-stream", contentType("video/video-0.m4v"));
        assertEquals("text/vtt; charset=utf-8", PlaybackContentType.of("captions_en-US.vtt"));
        assertEquals("audio/ogg", PlaybackContentType.of("audio.OGG"));
        assertEquals("audio/mp4", PlaybackContentType.of("podcast.m4a"));
        assertEquals("video/mp4", PlaybackContentType.of("video-0.mp4"));
        assertEquals("text/javascript; charset=utf-8", PlaybackContentType.of("main.js"));
        assertEquals("text/css; charset=utf-8", PlaybackContentType.of("main.css"));
        assertEquals("image/jpeg", PlaybackContentType.of("thumb.jpg"));
        assertEquals("application/json", PlaybackContentType.of("captions.json"));
    }

    @Test
    void aPlaybackPathOutsideTheRecordingOrMissingIsNotFound() throws IOException {
        importArchive("school", gzippedTar(presentationAndVideo()));
        importArchive("other", gzippedTar(presentationAndVideo()));
        Path secret = Files.writeString(dataDir.resolve("secret.txt"), "secret");
        Path recording = root.resolve("school").resolve(RECORD_ID).toRealPath();
        Files.createSymbolicLink(recording.resolve("presentation/escape.txt"), secret);
        Files.createSymbolicLink(recording.resolve("presentation/inside.svg"), Path.of("shapes.svg"));

        for (String path : List.of("presentation/nothing.png", "presentation", "", "../other/" + RECORD_ID
                + "/presentation/shapes.svg", "presentation/../../../secret.txt", "/etc/passwd",
                secret.toString(), "presentation\\..\\..\\secret.txt", "C:/secret.txt", "presentation/escape.txt",
                "presentation/shapes.svg\0.png")) {
            assertEquals(Optional.empty(), store.file("school", RECORD_ID, path), path);
        }
        assertEquals(Optional.empty(), store.file("school", "..", "school/" + RECORD_ID + "/video/index.html"));
        assertEquals(Optional.empty(), store.file("school", "no-such-recording", "presentation/shapes.svg"));
        assertEquals(Optional.empty(), store.file("nobody", RECORD_ID, "presentation/shapes.svg"));
        assertTrue(store.file("school", RECORD_ID, "presentation/inside.svg").isPresent(), "a link inside is fine");
        assertTrue(store.file("school", RECORD_ID, "presentation/./shapes.svg").isPresent());
        assertThrows(IllegalArgumentException.class, () -> store.file("../school", RECORD_ID, "video/index.html"));
    }

    @Test
    void deletingARecordingRemovesAllItsFormats() throws IOException {
        importArchive("school", gzippedTar(presentationAndVideo()));
        String otherId = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1715000000001";
        ImportedRecording other = importArchive("school", gzippedTar(presentationAndVideo(otherId, "room-7")));
        assertEquals(List.of(RECORD_ID, otherId), store.recordIds("school"));

        assertTrue(store.delete("school", RECORD_ID));

        assertEquals(List.of(otherId), store.recordIds("school"));
        assertEquals(Optional.empty(), store.file("school", RECORD_ID, "presentation/shapes.svg"));
        assertFalse(Files.exists(root.resolve("school").resolve(RECORD_ID), LinkOption.NOFOLLOW_LINKS));
        assertEquals(other.bytes(), store.bytesUsed("school"));
        assertFalse(store.delete("school", RECORD_ID));
        assertFalse(store.delete("school", "../../etc"));
        assertTrue(store.delete("school", otherId));
        assertEquals(0, store.bytesUsed("school"));
    }

    private ImportedRecording importArchive(String tenant, byte[] archive) throws IOException {
        return store.importRecording(tenant, new ByteArrayInputStream(archive));
    }

    private String contentType(String path) throws IOException {
        return store.file("school", RECORD_ID, path).orElseThrow().contentType();
    }

    /** Nothing in the store's staging directory: every import, refused or not, cleans up after itself. */
    private void assertStagingEmpty() throws IOException {
        Path staging = root.resolve(".staging");
        if (Files.exists(staging)) {
            try (Stream<Path> left = Files.list(staging)) {
                assertEquals(List.of(), left.toList());
            }
        }
    }

    private static long bytesOf(List<Entry> entries) {
        return entries.stream().mapToLong(e -> e.content().length).sum();
    }

    private static Arguments bad(String what, byte[] archive, Reason reason) {
        return Arguments.of(what, archive, reason);
    }

    /** the good recording with one more entry */
    private static byte[] with(Entry extra) {
        List<Entry> entries = new ArrayList<>(presentationAndVideo());
        entries.add(extra);
        return gzippedTar(entries);
    }

    private static byte[] gzip(byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
