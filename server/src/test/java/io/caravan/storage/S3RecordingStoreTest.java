package io.caravan.storage;

import static io.caravan.storage.TestRecordings.RECORD_ID;
import static io.caravan.storage.TestRecordings.WEBM;
import static io.caravan.storage.TestRecordings.file;
import static io.caravan.storage.TestRecordings.gzippedTar;
import static io.caravan.storage.TestRecordings.presentationAndVideo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.caravan.storage.RecordingRefused.Reason;
import io.caravan.storage.TestRecordings.Entry;
import io.caravan.support.S3UnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 store against a real S3-compatible server, s3proxy with its in-memory blobstore, started in-process on a
 * loopback port: what lands in the bucket, and what a browser redirected to a playback URL gets.
 */
@Tag("end-to-end")
class S3RecordingStoreTest {

    private static final String ACCESS_KEY = S3UnderTest.ACCESS_KEY;
    private static final String SECRET_KEY = S3UnderTest.SECRET_KEY;
    private static final String PREFIX = "recordings/";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static S3UnderTest s3proxy;
    private static URI endpoint;
    /** the test's own view of the buckets, beside the store's */
    private static S3Client bucketView;
    private static final HttpClient BROWSER = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path staging;

    private String bucket;
    private String schoolBucket;
    private S3RecordingStore store;

    @BeforeAll
    static void startS3() throws Exception {
        s3proxy = S3UnderTest.start();
        endpoint = s3proxy.endpoint();
        bucketView = client(null);
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (bucketView != null) {
            bucketView.close();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @BeforeEach
    void openStore() throws IOException {
        bucket = newBucket();
        schoolBucket = newBucket();
        store = S3RecordingStore.create(endpoint.toString(), "us-east-1", ACCESS_KEY, SECRET_KEY, true, bucket,
                Map.of("school", schoolBucket), PREFIX, archive(), staging, Duration.ofMinutes(5));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aPlaybackFileIsAPresignedUrlThatServesItsBytesAndRanges() throws Exception {
        importArchive("school", gzippedTar(presentationAndVideo()));

        PlaybackFile webcams = store.file("school", RECORD_ID, "presentation/video/webcams.webm").orElseThrow();
        assertNull(webcams.file());
        assertEquals(WEBM.length, webcams.size());
        assertEquals("video/webm", webcams.contentType());
        HttpResponse<byte[]> whole = get(webcams.redirect(), null);
        assertEquals(200, whole.statusCode());
        assertArrayEquals(WEBM, whole.body());
        assertEquals("video/webm", whole.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(whole.headers().firstValue("Cache-Control").orElseThrow().contains("immutable"));

        byte[] shapes = contentOf("presentation/" + RECORD_ID + "/shapes.svg");
        PlaybackFile svg = store.file("school", RECORD_ID, "presentation/shapes.svg").orElseThrow();
        assertEquals(shapes.length, svg.size());
        assertEquals("image/svg+xml", svg.contentType());
        HttpResponse<byte[]> range = get(svg.redirect(), "bytes=0-9");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOf(shapes, 10), range.body());
        assertEquals("bytes 0-9/" + shapes.length, range.headers().firstValue("Content-Range").orElseThrow());
        assertTrue(svg.redirect().getPath().startsWith("/" + schoolBucket + "/"), "path-style: " + svg.redirect());
    }

    @Test
    void anImportIsItsFilesUnderAnImportPrefixAndAPointerWrittenLast() throws IOException {
        ImportedRecording imported = importArchive("school", gzippedTar(presentationAndVideo()));

        String recording = PREFIX + "school/" + RECORD_ID + "/";
        String importId = pointer(schoolBucket, recording);
        Set<String> expected = new TreeSet<>();
        expected.add(recording + "current");
        for (Entry e : presentationAndVideo()) {
            if (e.content().length > 0 || !e.name().endsWith("/")) {
                expected.add(recording + importId + "/" + e.name().replace("/" + RECORD_ID + "/", "/"));
            }
        }
        assertEquals(expected, keys(schoolBucket));
        assertEquals(Set.of(), keys(bucket), "the default bucket holds only the default tenant's recordings");
        assertEquals("school", imported.tenant());
        assertEquals(List.of(RECORD_ID), store.recordIds("school"));
        assertEquals(imported.bytes(), store.bytesUsed("school"));
        assertEquals(presentationAndVideo().stream().mapToLong(e -> e.content().length).sum(), imported.bytes());
        assertEquals("video/webm", bucketView.headObject(r -> r.bucket(schoolBucket)
                .key(recording + importId + "/presentation/video/webcams.webm")).contentType());
        assertStagingEmpty();
    }

    @Test
    void theDefaultTenantIsUnderscoreInTheDefaultBucket() throws IOException {
        importArchive(null, gzippedTar(presentationAndVideo()));

        assertEquals(List.of(RECORD_ID), store.recordIds(""));
        assertTrue(keys(bucket).contains(PREFIX + "_/" + RECORD_ID + "/current"));
        assertTrue(store.file(null, RECORD_ID, "presentation/metadata.xml").isPresent());
        assertEquals(List.of(), store.recordIds("school"));
        assertEquals(0, store.bytesUsed("school"));
        assertEquals(Set.of(), keys(schoolBucket));
    }

    @Test
    void aReimportLeavesOnlyTheNewImportsObjects() throws Exception {
        importArchive("school", gzippedTar(presentationAndVideo()));
        String recording = PREFIX + "school/" + RECORD_ID + "/";
        String first = pointer(schoolBucket, recording);
        List<Entry> presentationOnly = new ArrayList<>(presentationAndVideo());
        presentationOnly.removeIf(e -> e.name().startsWith("video/"));
        presentationOnly.replaceAll(e -> e.name().endsWith("/shapes.svg") ? file(e.name(), "<svg>new</svg>") : e);

        ImportedRecording replaced = importArchive("school", gzippedTar(presentationOnly));

        String second = pointer(schoolBucket, recording);
        assertFalse(first.equals(second));
        assertTrue(keys(schoolBucket).stream().allMatch(k -> k.equals(recording + "current")
                || k.startsWith(recording + second + "/")), keys(schoolBucket).toString());
        assertEquals("<svg>new</svg>", new String(get(store.file("school", RECORD_ID, "presentation/shapes.svg")
                .orElseThrow().redirect(), null).body(), StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), store.file("school", RECORD_ID, "video/video-0.m4v"));
        assertEquals(replaced.bytes(), store.bytesUsed("school"));
        assertStagingEmpty();
    }

    @Test
    void importingFormatsKeepsTheOthersCopiedIntoTheNewImport() throws Exception {
        List<Entry> presentation = new ArrayList<>(presentationAndVideo());
        presentation.removeIf(e -> e.name().startsWith("video/"));
        List<Entry> video = new ArrayList<>(presentationAndVideo());
        video.removeIf(e -> !e.name().startsWith("video/"));
        store.importFormats(metadata -> "school", new ByteArrayInputStream(gzippedTar(presentation)));
        String recording = PREFIX + "school/" + RECORD_ID + "/";

        store.importFormats(metadata -> "school", new ByteArrayInputStream(gzippedTar(video)));

        String current = pointer(schoolBucket, recording);
        assertTrue(keys(schoolBucket).stream().allMatch(k -> k.equals(recording + "current")
                || k.startsWith(recording + current + "/")), "only the new import: " + keys(schoolBucket));
        assertEquals(new String(contentOf("presentation/" + RECORD_ID + "/shapes.svg"), StandardCharsets.UTF_8),
                new String(get(store.file("school", RECORD_ID, "presentation/shapes.svg").orElseThrow().redirect(),
                        null).body(), StandardCharsets.UTF_8), "the presentation kept");
        assertTrue(store.file("school", RECORD_ID, "video/video-0.m4v").isPresent(), "the video added");
        assertStagingEmpty();
    }

    @Test
    void aRefusedReimportLeavesTheStoredRecordingAsItWas() throws IOException {
        importArchive("school", gzippedTar(presentationAndVideo()));
        Set<String> before = keys(schoolBucket);
        List<Entry> escaping = new ArrayList<>(presentationAndVideo());
        escaping.add(file("presentation/" + RECORD_ID + "/../../../evil.txt", "x"));

        assertThrows(RecordingRefused.class, () -> importArchive("school", gzippedTar(escaping)));

        assertEquals(before, keys(schoolBucket));
        assertTrue(store.file("school", RECORD_ID, "video/video-0.m4v").isPresent());
        assertStagingEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.caravan.storage.FileSystemRecordingStoreTest#badArchives")
    void aBadArchiveIsRefusedAndLeavesNoObject(String what, byte[] archive, Reason reason) throws IOException {
        RecordingRefused refused = assertThrows(RecordingRefused.class, () -> importArchive("school", archive));

        assertEquals(reason, refused.reason(), refused.getMessage());
        assertEquals(Set.of(), keys(schoolBucket));
        assertEquals(Set.of(), keys(bucket));
        assertStagingEmpty();
    }

    @Test
    void aTenantRefusedAfterTheArchiveIsReadLeavesNoObject() {
        RecordingRefused refused = assertThrows(RecordingRefused.class, () -> store.importRecording(metadata -> {
            throw new RecordingRefused(Reason.UNKNOWN_TENANT, "no tenant has " + metadata.meetingId());
        }, new ByteArrayInputStream(gzippedTar(presentationAndVideo()))));

        assertEquals(Reason.UNKNOWN_TENANT, refused.reason());
        assertEquals(Set.of(), keys(bucket));
        assertStagingEmpty();
    }

    @Test
    void anUploadThatFailsHalfwayDeletesWhatItHadUploaded() throws IOException {
        ExecutionInterceptor failOnWebcams = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                SdkRequest request = context.request();
                if (request instanceof PutObjectRequest put && put.key().endsWith("/webcams.webm")) {
                    throw SdkClientException.create("connection reset (injected)");
                }
            }
        };
        try (S3RecordingStore failing = new S3RecordingStore(client(failOnWebcams), presigner(),
                tenant -> bucket, PREFIX, archive(), staging, Duration.ofMinutes(5), Clock.systemUTC())) {

            IOException failed = assertThrows(IOException.class, () -> failing.importRecording("school",
                    new ByteArrayInputStream(gzippedTar(presentationAndVideo()))));

            assertTrue(failed.getMessage().contains("webcams.webm"), failed.getMessage());
            assertEquals(Set.of(), keys(bucket), "the files uploaded before the failure are deleted");
            assertEquals(List.of(), failing.recordIds("school"));
        }
        assertStagingEmpty();
    }

    @Test
    void anImportInProgressIsNotARecordingAndAnAbandonedOneIsRemovedByTheNextImport() throws IOException {
        String recording = PREFIX + "school/" + RECORD_ID + "/";
        String inProgress = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + "-0000beef";
        String abandoned = "20200101T000000Z-0000dead";
        put(schoolBucket, recording + inProgress + "/presentation/metadata.xml", "<recording/>");
        put(schoolBucket, recording + abandoned + "/presentation/metadata.xml", "<recording/>");

        assertEquals(List.of(), store.recordIds("school"));
        assertEquals(0, store.bytesUsed("school"));
        assertEquals(Optional.empty(), store.file("school", RECORD_ID, "presentation/metadata.xml"));
        assertFalse(store.delete("school", RECORD_ID));

        importArchive("school", gzippedTar(presentationAndVideo()));

        Set<String> imports = keys(schoolBucket).stream().filter(k -> !k.endsWith("/current"))
                .map(k -> k.substring(recording.length(), k.indexOf('/', recording.length())))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of(inProgress, pointer(schoolBucket, recording))), imports,
                "another instance's import in progress stays; one a day old is a crash's leftover");
    }

    @Test
    void aRecordingReplacedByAnotherInstanceIsFollowedDespiteTheCachedPointer() throws Exception {
        importArchive("school", gzippedTar(presentationAndVideo()));
        assertTrue(store.file("school", RECORD_ID, "presentation/shapes.svg").isPresent()); // caches the pointer
        List<Entry> replaced = new ArrayList<>(presentationAndVideo());
        replaced.replaceAll(e -> e.name().endsWith("/shapes.svg") ? file(e.name(), "<svg>other</svg>") : e);
        try (S3RecordingStore otherInstance = S3RecordingStore.create(endpoint.toString(), "us-east-1", ACCESS_KEY,
                SECRET_KEY, true, bucket, Map.of("school", schoolBucket), PREFIX, archive(), staging,
                Duration.ofMinutes(5))) {
            otherInstance.importRecording("school", new ByteArrayInputStream(gzippedTar(replaced)));
        }

        PlaybackFile shapes = store.file("school", RECORD_ID, "presentation/shapes.svg").orElseThrow();
        assertEquals("<svg>other</svg>", new String(get(shapes.redirect(), null).body(), StandardCharsets.UTF_8));
    }

    @Test
    void aPlaybackPathOutsideTheRecordingOrMissingIsNotFound() throws IOException {
        importArchive("school", gzippedTar(presentationAndVideo()));
        importArchive("other", gzippedTar(presentationAndVideo()));
        String importId = pointer(schoolBucket, PREFIX + "school/" + RECORD_ID + "/");

        for (String path : List.of("presentation/nothing.png", "presentation", "presentation/", "", "/",
                "../other/" + RECORD_ID + "/presentation/shapes.svg", "../../other/" + RECORD_ID + "/" + importId
                        + "/presentation/shapes.svg", "presentation/../../../current", "/etc/passwd",
                "presentation\\..\\..\\current", "C:/secret.txt", "presentation/shapes.svg\0.png", "../current")) {
            assertEquals(Optional.empty(), store.file("school", RECORD_ID, path), path);
        }
        assertEquals(Optional.empty(), store.file("school", "..", "school/" + RECORD_ID + "/video/index.html"));
        assertEquals(Optional.empty(), store.file("school", RECORD_ID + "/" + importId, "presentation/shapes.svg"));
        assertEquals(Optional.empty(), store.file("school", "no-such-recording", "presentation/shapes.svg"));
        assertEquals(Optional.empty(), store.file("nobody", RECORD_ID, "presentation/shapes.svg"));
        assertTrue(store.file("school", RECORD_ID, "presentation/./shapes.svg").isPresent());
        assertTrue(store.file("school", RECORD_ID, "presentation//shapes.svg").isPresent());
        assertThrows(IllegalArgumentException.class, () -> store.file("../school", RECORD_ID, "video/index.html"));
    }

    @Test
    void deletingARecordingRemovesAllItsObjects() throws IOException {
        importArchive("school", gzippedTar(presentationAndVideo()));
        String otherId = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1715000000001";
        ImportedRecording other = importArchive("school", gzippedTar(presentationAndVideo(otherId, "room-7")));
        assertEquals(List.of(RECORD_ID, otherId), store.recordIds("school"));

        assertTrue(store.delete("school", RECORD_ID));

        assertEquals(List.of(otherId), store.recordIds("school"));
        assertEquals(Optional.empty(), store.file("school", RECORD_ID, "presentation/shapes.svg"));
        assertTrue(keys(schoolBucket).stream().allMatch(k -> k.startsWith(PREFIX + "school/" + otherId + "/")));
        assertEquals(other.bytes(), store.bytesUsed("school"));
        assertFalse(store.delete("school", RECORD_ID));
        assertFalse(store.delete("school", "../../etc"));
        assertTrue(store.delete("school", otherId));
        assertEquals(0, store.bytesUsed("school"));
        assertEquals(Set.of(), keys(schoolBucket));
    }

    @Test
    void recordIdsAreSortedAndPerTenant() throws IOException {
        String later = "ffffffffffffffffffffffffffffffffffffffff-1715000000002";
        String earlier = "0000000000000000000000000000000000000000-1715000000003";
        importArchive("school", gzippedTar(presentationAndVideo(later, "room-1")));
        importArchive("school", gzippedTar(presentationAndVideo(earlier, "room-2")));
        importArchive("college", gzippedTar(presentationAndVideo()));

        assertEquals(List.of(earlier, later), store.recordIds("school"));
        assertEquals(List.of(RECORD_ID), store.recordIds("college"));
        assertTrue(keys(bucket).stream().allMatch(k -> k.startsWith(PREFIX + "college/")), "college has no bucket"
                + " of its own");
    }

    @Test
    void aStorageFailureIsAnIOExceptionThatNamesNoSecret() throws IOException {
        try (S3RecordingStore wrongSecret = S3RecordingStore.create(endpoint.toString(), "us-east-1", ACCESS_KEY,
                "wrong-" + SECRET_KEY, true, bucket, Map.of(), PREFIX, archive(), staging, Duration.ofMinutes(5));
                S3RecordingStore noBucket = S3RecordingStore.create(endpoint.toString(), "us-east-1", ACCESS_KEY,
                        SECRET_KEY, true, "no-such-bucket", Map.of(), PREFIX, archive(), staging,
                        Duration.ofMinutes(5))) {
            for (S3RecordingStore failing : List.of(wrongSecret, noBucket)) {
                IOException failed = assertThrows(IOException.class, () -> failing.recordIds("school"));
                assertTrue(failed.getMessage().startsWith("object storage: could not list s3://"),
                        failed.getMessage());
                assertFalse(failed.getMessage().contains(SECRET_KEY), failed.getMessage());
                assertThrows(IOException.class, () -> failing.importRecording("school",
                        new ByteArrayInputStream(gzippedTar(presentationAndVideo()))));
            }
        }
        assertStagingEmpty();
    }

    @Test
    void theSettingsAreCheckedWhenTheStoreIsMade() {
        assertThrows(IllegalArgumentException.class, () -> S3RecordingStore.create("", "us-east-1", "a", "", true,
                bucket, Map.of(), PREFIX, archive(), staging, Duration.ofMinutes(5)));
        assertThrows(IllegalArgumentException.class, () -> S3RecordingStore.create("", "us-east-1", "", "", true,
                "", Map.of(), PREFIX, archive(), staging, Duration.ofMinutes(5)));
        assertThrows(IllegalArgumentException.class, () -> S3RecordingStore.create("ftp://x", "us-east-1", "", "",
                true, bucket, Map.of(), PREFIX, archive(), staging, Duration.ofMinutes(5)));
        assertThrows(IllegalArgumentException.class, () -> S3RecordingStore.create("", "us-east-1", "", "", true,
                bucket, Map.of("../x", "b"), PREFIX, archive(), staging, Duration.ofMinutes(5)));
        for (String prefix : List.of("/recordings/", "../recordings/", "a//b/", "a\\b")) {
            assertThrows(IllegalArgumentException.class, () -> S3RecordingStore.create("", "us-east-1", "", "",
                    true, bucket, Map.of(), prefix, archive(), staging, Duration.ofMinutes(5)), prefix);
        }
        assertThrows(IllegalArgumentException.class, () -> S3RecordingStore.create("", "us-east-1", "", "", true,
                bucket, Map.of(), PREFIX, archive(), staging, Duration.ofDays(8)));
    }

    @Test
    void aKeyPrefixWithoutItsSlashOrNoneAtAllWorks() throws IOException {
        for (String prefix : List.of("caravan/recordings", "")) {
            String own = newBucket();
            try (S3RecordingStore other = S3RecordingStore.create(endpoint.toString(), "us-east-1", ACCESS_KEY,
                    SECRET_KEY, true, own, Map.of(), prefix, archive(), staging, Duration.ofMinutes(5))) {
                other.importRecording("school", new ByteArrayInputStream(gzippedTar(presentationAndVideo())));
                String expected = (prefix.isEmpty() ? "" : prefix + "/") + "school/" + RECORD_ID + "/current";
                assertTrue(keys(own).contains(expected), keys(own).toString());
                assertEquals(List.of(RECORD_ID), other.recordIds("school"));
            }
        }
    }

    private ImportedRecording importArchive(String tenant, byte[] archive) throws IOException {
        return store.importRecording(tenant, new ByteArrayInputStream(archive));
    }

    private static RecordingArchive archive() {
        return new RecordingArchive(FileSystemRecordingStoreTest.MAX_ENTRIES, FileSystemRecordingStoreTest.MAX_BYTES);
    }

    private static HttpResponse<byte[]> get(URI uri, String range) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (range != null) {
            request.header("Range", range);
        }
        return BROWSER.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] contentOf(String entryName) {
        return presentationAndVideo().stream().filter(e -> e.name().equals(entryName)).findFirst().orElseThrow()
                .content();
    }

    private static String newBucket() {
        String name = "caravan-" + BUCKETS.incrementAndGet();
        bucketView.createBucket(r -> r.bucket(name));
        return name;
    }

    private static Set<String> keys(String bucket) {
        return bucketView.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().map(S3Object::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String pointer(String bucket, String recording) {
        return bucketView.getObjectAsBytes(r -> r.bucket(bucket).key(recording + "current")).asUtf8String();
    }

    private static void put(String bucket, String key, String content) {
        bucketView.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    private void assertStagingEmpty() {
        try (Stream<Path> left = Files.list(staging)) {
            assertEquals(List.of(), left.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static S3Client client(ExecutionInterceptor interceptor) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .addPlugin(LegacyMd5Plugin.create())
                .overrideConfiguration(o -> {
                    if (interceptor != null) {
                        o.addExecutionInterceptor(interceptor);
                    }
                }).build();
    }

    private static S3Presigner presigner() {
        return S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }
}
