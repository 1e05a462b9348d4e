package io.caravan.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Recordings in S3 or S3-compatible object storage, one bucket for all tenants or one per tenant, under
 * {@code <prefix><tenant>/<recordID>/<import>/<format>/...} ({@code _} for the default tenant, as on the
 * filesystem). Playback files are handed out as presigned GET URLs: the client is redirected and the storage serves
 * the bytes and the range requests itself.
 *
 * <p>Objects cannot be renamed, so an import uploads every file under a new import prefix and then writes the
 * recording's pointer, {@code <prefix><tenant>/<recordID>/current}, holding the import's name: a reader follows the
 * pointer, so it sees the old import or the new one, never part of one. The replaced import is deleted after the
 * pointer is written; a presigned URL of it handed out just before then fails (404) where the filesystem store would
 * still serve the old file. A refused or failed import deletes what it uploaded.
 *
 * <p>The switch is serialised within this store object only. Imports of other instances that are not the current
 * one are left alone for {@link ImportStaging#ABANDONED_AFTER} (they may be in progress), then deleted as a crash's
 * leftover by the next import or delete of that recording. The credentials need to list the bucket: without that
 * permission S3 answers 403 instead of 404 for a missing file.
 */
public final class S3RecordingStore implements RecordingStore, AutoCloseable {

    private static final String POINTER = "current";
    /** an import's name: when it started (to tell an abandoned one) and a random part (to tell two apart) */
    private static final Pattern IMPORT_ID = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{8}");
    private static final DateTimeFormatter IMPORT_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** A recording file's bytes never change: a re-import writes new keys, so a browser may keep what it fetched. */
    private static final String IMMUTABLE = "private, max-age=31536000, immutable";
    /**
     * How long a pointer read for playback is trusted. Short, and not what keeps playback right: this store forgets
     * the pointers it changes, and a file missing under a cached pointer (another instance replaced or deleted the
     * recording) makes it read the pointer again.
     */
    private static final Duration POINTER_CACHED_FOR = Duration.ofSeconds(10);
    /** SigV4's limit for a presigned URL. */
    private static final Duration LONGEST_URL_LIFETIME = Duration.ofDays(7);
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final Function<String, String> bucketOf;
    private final String keyPrefix;
    private final RecordingArchive archive;
    private final ImportStaging staging;
    private final Duration urlLifetime;
    private final Clock clock;
    private final Cache<StoredRecording, String> pointers = Caffeine.newBuilder()
            .expireAfterWrite(POINTER_CACHED_FOR).maximumSize(10_000).build();
    private final Object switchLock = new Object();

    /**
     * @param s3          the client; closed with the store
     * @param presigner   signs the playback URLs; closed with the store
     * @param bucketOf    the bucket of a tenant, given the tenant's name in the store ({@code _} for the default one)
     * @param keyPrefix   what every key starts with ({@code recordings/}); empty for the bucket's top
     * @param staging     a local directory where uploads are unpacked before they are uploaded
     * @param urlLifetime how long a playback URL is valid
     * @param clock       names the imports by when they started and tells abandoned ones
     */
    public S3RecordingStore(S3Client s3, S3Presigner presigner, Function<String, String> bucketOf, String keyPrefix,
            RecordingArchive archive, Path staging, Duration urlLifetime, Clock clock) throws IOException {
        if (urlLifetime.isNegative() || urlLifetime.isZero() || urlLifetime.compareTo(LONGEST_URL_LIFETIME) > 0) {
            throw new IllegalArgumentException("a presigned URL's lifetime must be from 1 s to 7 days, not "
                    + urlLifetime);
        }
        String folder = keyPrefix.endsWith("/") ? keyPrefix.substring(0, keyPrefix.length() - 1) : keyPrefix;
        if (!folder.isEmpty() && !RecordingNames.playbackPath(folder).equals(Optional.of(folder))) {
            throw new IllegalArgumentException("not a key prefix (a/b/ without . or ..): " + keyPrefix);
        }
        this.s3 = s3;
        this.presigner = presigner;
        this.bucketOf = bucketOf;
        this.keyPrefix = folder.isEmpty() ? "" : folder + "/";
        this.archive = archive;
        this.staging = new ImportStaging(staging, clock.instant());
        this.urlLifetime = urlLifetime;
        this.clock = clock;
    }

    /**
     * A store from plain settings, with a client that waits at most 10 s to connect and 60 s for a byte.
     *
     * @param endpoint      the storage's URL ({@code https://minio.example.org:9000}); empty for AWS S3
     * @param region        the region ({@code us-east-1} for most S3-compatible servers)
     * @param accessKey     the access key; empty, with {@code secretKey}, for the SDK's default credentials
     *                      (environment, profile, instance role)
     * @param pathStyle     {@code https://host/bucket/key} instead of {@code https://bucket.host/key}: what most
     *                      S3-compatible servers need
     * @param bucket        the bucket of the default tenant and of every tenant not in {@code tenantBuckets}
     * @param tenantBuckets buckets of their own for some tenants, by tenant name
     */
    public static S3RecordingStore create(String endpoint, String region, String accessKey, String secretKey,
            boolean pathStyle, String bucket, Map<String, String> tenantBuckets, String keyPrefix,
            RecordingArchive archive, Path staging, Duration urlLifetime) throws IOException {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("object storage needs a bucket");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("object storage needs a region (us-east-1 for most S3-compatible"
                    + " servers)");
        }
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new IllegalArgumentException("object storage needs both an access key and a secret key, or"
                    + " neither for the default credentials");
        }
        tenantBuckets.keySet().forEach(RecordingNames::tenant);
        URI endpointUri = endpoint.isEmpty() ? null : URI.create(endpoint);
        if (endpointUri != null && !("http".equals(endpointUri.getScheme())
                || "https".equals(endpointUri.getScheme()))) {
            throw new IllegalArgumentException("the object storage endpoint must be an http(s) URL: " + endpoint);
        }
        S3Configuration s3Configuration = S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build();
        S3ClientBuilder client = S3Client.builder()
                .region(Region.of(region))
                .serviceConfiguration(s3Configuration)
                // no timeout on a whole call: a webcams.webm of hours is one PUT; one on every silence instead
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                // the SDK's default checksums (since 2.30) are trailers of a chunked upload, which several
                // S3-compatible servers refuse; TLS or SigV4's payload signature protect the upload already
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // a multi-object delete must carry a checksum: Content-MD5 as well as the SDK's CRC32, for the servers
                // that know only the former (older Ceph and MinIO)
                .addPlugin(LegacyMd5Plugin.create());
        S3Presigner.Builder signer = S3Presigner.builder().region(Region.of(region))
                .serviceConfiguration(s3Configuration);
        if (endpointUri != null) {
            client.endpointOverride(endpointUri);
            signer.endpointOverride(endpointUri);
        }
        if (!accessKey.isEmpty()) {
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(accessKey, secretKey));
            client.credentialsProvider(credentials);
            signer.credentialsProvider(credentials);
        }
        Map<String, String> buckets = Map.copyOf(tenantBuckets);
        return new S3RecordingStore(client.build(), signer.build(), tenant -> buckets.getOrDefault(tenant, bucket),
                keyPrefix, archive, staging, urlLifetime, Clock.systemUTC());
    }

    @Override
    public ImportedRecording importRecording(Function<RecordingMetadata, String> tenantOf, InputStream upload,
            boolean keepOtherFormats) throws IOException {
        Path staged = staging.newImport();
        StoredRecording recording = null;
        List<String> uploaded = new ArrayList<>();
        boolean visible = false;
        try {
            RecordingMetadata metadata = archive.unpack(upload, staged);
            String tenant = RecordingNames.tenant(tenantOf.apply(metadata));
            recording = recording(tenant, metadata.recordId());
            String importId = IMPORT_TIME.format(clock.instant()) + "-"
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            String importPrefix = recording.importPrefix(importId);
            long bytes = 0;
            for (Path file : filesUnder(staged)) {
                String key = importPrefix + keyOf(staged.relativize(file));
                // before the PUT: one that fails may still have written the object
                uploaded.add(key);
                bytes += upload(recording.bucket(), key, file);
            }
            if (keepOtherFormats) {
                uploaded.addAll(copyOtherFormats(recording, importPrefix, staged));
            }
            String replaced = switchTo(recording, importId);
            visible = true;
            removeImports(recording, importId, replaced);
            return new ImportedRecording(tenant, metadata, bytes);
        } catch (IOException | RuntimeException e) {
            if (!visible && !uploaded.isEmpty()) {
                discard(recording.bucket(), uploaded, e);
            }
            throw e;
        } finally {
            ImportStaging.deleteTree(staged);
        }
    }

    @Override
    public Optional<PlaybackFile> file(String tenant, String recordId, String path) throws IOException {
        Optional<String> relative = RecordingNames.playbackPath(path);
        if (!RecordingArchive.RECORD_ID.matcher(recordId).matches() || relative.isEmpty()) {
            return Optional.empty();
        }
        StoredRecording recording = recording(RecordingNames.tenant(tenant), recordId);
        String cached = pointers.getIfPresent(recording);
        String importId = cached;
        if (importId == null) {
            importId = readPointer(recording);
            if (importId == null) {
                return Optional.empty();
            }
            pointers.put(recording, importId);
        }
        Optional<PlaybackFile> found = playbackFile(recording, importId, relative.get());
        if (found.isEmpty() && cached != null) {
            // another instance may have replaced or deleted the recording since the pointer was cached
            pointers.invalidate(recording);
            String current = readPointer(recording);
            if (current != null && !current.equals(cached)) {
                pointers.put(recording, current);
                found = playbackFile(recording, current, relative.get());
            }
        }
        return found;
    }

    @Override
    public boolean delete(String tenant, String recordId) throws IOException {
        if (!RecordingArchive.RECORD_ID.matcher(recordId).matches()) {
            return false;
        }
        StoredRecording recording = recording(RecordingNames.tenant(tenant), recordId);
        String current;
        synchronized (switchLock) {
            current = readPointer(recording);
            if (current == null) {
                return false;
            }
            String pointer = recording.pointerKey();
            s3("delete " + url(recording.bucket(), pointer),
                    () -> s3.deleteObject(r -> r.bucket(recording.bucket()).key(pointer)));
            pointers.invalidate(recording);
        }
        removeImports(recording, null, current);
        return true;
    }

    @Override
    public List<String> recordIds(String tenant) throws IOException {
        return List.copyOf(currentImports(RecordingNames.tenant(tenant)).keySet());
    }

    /** The current imports only: an import in progress or abandoned is not the tenant's recording (yet). */
    @Override
    public long bytesUsed(String tenant) throws IOException {
        String name = RecordingNames.tenant(tenant);
        long total = 0;
        for (Map.Entry<String, String> current : currentImports(name).entrySet()) {
            StoredRecording recording = recording(name, current.getKey());
            for (S3Object object : objects(recording.bucket(), recording.importPrefix(current.getValue()))) {
                total += object.size();
            }
        }
        return total;
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    private StoredRecording recording(String tenant, String recordId) {
        return new StoredRecording(bucketOf.apply(tenant), keyPrefix + tenant + "/" + recordId + "/");
    }

    /**
     * The tenant's current import of each recordID, sorted by recordID: one listing of the recordIDs, then one read
     * of each one's pointer (an import in progress has none yet).
     */
    private SortedMap<String, String> currentImports(String tenant) throws IOException {
        SortedMap<String, String> imports = new TreeMap<>();
        for (String recordId : subPrefixes(bucketOf.apply(tenant), keyPrefix + tenant + "/")) {
            if (RecordingArchive.RECORD_ID.matcher(recordId).matches()) {
                String importId = readPointer(recording(tenant, recordId));
                if (importId != null) {
                    imports.put(recordId, importId);
                }
            }
        }
        return imports;
    }

    private long upload(String bucket, String key, Path file) throws IOException {
        long size = Files.size(file);
        // the same type in other words: s3proxy (Jetty) rewrites the charset in upper case before it checks the
        // signature, which then fails for the lower-case one
        String contentType = PlaybackFile.contentTypeOf(file.getFileName().toString())
                .replace("charset=utf-8", "charset=UTF-8");
        s3("upload " + url(bucket, key), () -> s3.putObject(r -> r.bucket(bucket).key(key).contentLength(size)
                .contentType(contentType).cacheControl(IMMUTABLE), RequestBody.fromFile(file)));
        return size;
    }

    /**
     * Copies into the new import, inside the object store (no bytes through Caravan), the current import's formats
     * the new one does not bring; the keys written, for the cleanup of an import that fails.
     */
    private List<String> copyOtherFormats(StoredRecording recording, String importPrefix, Path staged)
            throws IOException {
        String current = readPointer(recording);
        List<String> copied = new ArrayList<>();
        if (current == null) {
            return copied;
        }
        String currentPrefix = recording.importPrefix(current);
        for (S3Object object : objects(recording.bucket(), currentPrefix)) {
            String relative = object.key().substring(currentPrefix.length());
            int slash = relative.indexOf('/');
            if (slash <= 0 || Files.exists(staged.resolve(relative.substring(0, slash)))) {
                continue;
            }
            String target = importPrefix + relative;
            copied.add(target);
            s3("copy " + url(recording.bucket(), object.key()), () -> s3.copyObject(r -> r
                    .sourceBucket(recording.bucket()).sourceKey(object.key())
                    .destinationBucket(recording.bucket()).destinationKey(target)));
        }
        return copied;
    }

    /** Makes the import the recording's current one, returning the one it replaces (null for none). */
    private String switchTo(StoredRecording recording, String importId) throws IOException {
        String key = recording.pointerKey();
        synchronized (switchLock) {
            String replaced = readPointer(recording);
            try {
                s3("write " + url(recording.bucket(), key), () -> s3.putObject(r -> r.bucket(recording.bucket())
                        .key(key).contentType("text/plain").cacheControl("no-cache"),
                        RequestBody.fromString(importId)));
            } catch (IOException e) {
                // a PUT whose answer was lost may have been written: then the import is visible and must stay
                if (!importId.equals(readPointer(recording))) {
                    throw e;
                }
            }
            pointers.invalidate(recording);
            return replaced;
        }
    }

    /**
     * Deletes the recording's imports that are neither {@code keep} nor in progress elsewhere: {@code replaced}, and
     * those older than {@link ImportStaging#ABANDONED_AFTER}.
     */
    private void removeImports(StoredRecording recording, String keep, String replaced) throws IOException {
        Instant abandonedBefore = clock.instant().minus(ImportStaging.ABANDONED_AFTER);
        for (String importId : subPrefixes(recording.bucket(), recording.prefix())) {
            if (!IMPORT_ID.matcher(importId).matches() || importId.equals(keep)) {
                continue;
            }
            if (importId.equals(replaced) || startOf(importId).isBefore(abandonedBefore)) {
                List<String> keys = objects(recording.bucket(), recording.importPrefix(importId)).stream()
                        .map(S3Object::key).toList();
                deleteKeys(recording.bucket(), keys);
            }
        }
    }

    private static Instant startOf(String importId) {
        return Instant.from(IMPORT_TIME.parse(importId.substring(0, importId.indexOf('-'))));
    }

    /** The import the recording's pointer names; null when it has none (or one this store did not write). */
    private String readPointer(StoredRecording recording) throws IOException {
        String key = recording.pointerKey();
        try {
            String importId = s3("read " + url(recording.bucket(), key),
                    () -> s3.getObjectAsBytes(r -> r.bucket(recording.bucket()).key(key)).asUtf8String().trim());
            return IMPORT_ID.matcher(importId).matches() ? importId : null;
        } catch (NotFound e) {
            return null;
        }
    }

    private Optional<PlaybackFile> playbackFile(StoredRecording recording, String importId, String path)
            throws IOException {
        String bucket = recording.bucket();
        String key = recording.importPrefix(importId) + path;
        long size;
        try {
            size = s3("look up " + url(bucket, key), () -> s3.headObject(r -> r.bucket(bucket).key(key))
                    .contentLength());
        } catch (NotFound e) {
            return Optional.empty();
        }
        URI location;
        try {
            location = s3("sign a URL for " + url(bucket, key), () -> presigner.presignGetObject(r -> r
                    .signatureDuration(urlLifetime).getObjectRequest(g -> g.bucket(bucket).key(key))).httpRequest().getUri());
        } catch (NotFound e) {
            return Optional.empty();
        }
        return Optional.of(PlaybackFile.redirect(location, size,
                PlaybackFile.contentTypeOf(path.substring(path.lastIndexOf('/') + 1))));
    }

    /** The names one level below {@code prefix}: recordIDs under a tenant, imports under a recording. */
    private List<String> subPrefixes(String bucket, String prefix) throws IOException {
        return s3("list " + url(bucket, prefix), () -> s3.listObjectsV2Paginator(r -> r.bucket(bucket)
                .prefix(prefix).delimiter("/")).commonPrefixes().stream().map(CommonPrefix::prefix)
                .map(p -> p.substring(prefix.length(), p.length() - 1)).toList());
    }

    private List<S3Object> objects(String bucket, String prefix) throws IOException {
        return s3("list " + url(bucket, prefix), () -> s3.listObjectsV2Paginator(r -> r.bucket(bucket)
                .prefix(prefix)).contents().stream().toList());
    }

    private void deleteKeys(String bucket, List<String> keys) throws IOException {
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
            DeleteObjectsResponse response = s3("delete " + batch.size() + " objects from s3://" + bucket,
                    () -> s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true))));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                S3Error first = response.errors().get(0);
                throw new IOException("object storage: could not delete " + url(bucket, first.key()) + ": "
                        + first.code() + " " + first.message() + " (and " + (response.errors().size() - 1)
                        + " more)");
            }
        }
    }

    /** Deletes what a failed import uploaded; a failure to do so is told with the import's own. */
    private void discard(String bucket, List<String> keys, Exception failure) {
        try {
            deleteKeys(bucket, keys);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String keyOf(Path relative) {
        List<String> parts = new ArrayList<>();
        relative.forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }

    private static String url(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }

    /**
     * Runs one request, an SDK failure told as an IOException saying what was done (the SDK's messages name no
     * credentials), a missing object as {@link NotFound}.
     */
    private static <T> T s3(String what, Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(code)) {
                throw new NotFound(e);
            }
            throw new IOException("object storage: could not " + what + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("object storage: could not " + what + ": " + e.getMessage(), e);
        }
    }

    /** A missing object, which most callers answer with empty. */
    private static final class NotFound extends IOException {
        NotFound(S3Exception cause) {
            super("object storage: " + cause.getMessage(), cause);
        }
    }

    /** Where one recording's objects are: its pointer and its imports under {@code prefix}. */
    private record StoredRecording(String bucket, String prefix) {

        String pointerKey() {
            return prefix + POINTER;
        }

        String importPrefix(String importId) {
            return prefix + importId + "/";
        }
    }
}
