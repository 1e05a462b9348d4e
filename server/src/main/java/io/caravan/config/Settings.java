package io.caravan.config;

import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.inventory.Retention;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.TimeUtils;
import org.quartz.CronExpression;

/**
 * Caravan's own configuration keys, read and validated in one place. Each key is documented in
 * {@code application.properties} and docs/configuration.md; a bad value stops startup with an error naming the key.
 *
 * @param secrets                accepted API secrets: caravan.secret plus caravan.secrets (rollover)
 * @param allowedChecksums       caravan.checksum.algorithms: which checksum algorithms clients may use
 * @param nodeChecksum           caravan.node.checksum: default algorithm for signing calls to nodes
 * @param inventory              caravan.inventory: the inventory file
 * @param pollTimeoutMillis      caravan.poll.timeout: per-node timeout of a poll call
 * @param offlineAfter           caravan.health.offline-after: consecutive failed polls that take a node offline
 * @param onlineAfter            caravan.health.online-after: consecutive good polls that bring it back
 * @param nodeTimeoutMillis      caravan.node.timeout: timeout of a call forwarded to a node
 * @param lookupTimeoutMillis    caravan.lookup.timeout: timeout of asking the nodes for an unknown meeting
 * @param workerThreads          caravan.http.worker-threads: threads that run steps that may block
 * @param maxInFlight            caravan.http.max-in-flight: HTTP requests this instance works on at once
 * @param connectionsPerNode     caravan.client.max-connections-per-node: pooled HTTP connections per node
 * @param maxInFlightPerNode     caravan.node.max-in-flight: API calls that may wait on one node at once
 * @param suspectAfter           caravan.health.suspect-after: failed API calls in a row that make a node suspect
 * @param stallAfterMillis       caravan.health.stall-after: how long a node may leave its calls unanswered before it
 *                               gets no new meetings
 * @param latencyWeight          caravan.placement.latency-weight: meetings' worth of placement cost per second of a
 *                               node's average call latency
 * @param reservationCooldownMillis caravan.placement.reservation-cooldown: how long the seats a new meeting expects
 *                               (size hint or maxParticipants) weigh on its node at most
 * @param maxMeetings            caravan.meetings.max: meetings the directory holds before evicting
 * @param adminToken             caravan.admin.token: bearer token of the admin API (empty: the admin API is off)
 * @param dataDir                caravan.data-dir: where the admin API's changes are kept (state.json)
 * @param publicUrl              caravan.public-url: Caravan's URL as nodes reach it, without trailing slash (empty:
 *                               callback URLs are passed to the nodes unchanged)
 * @param callbacksKey           caravan.callbacks.key: HMAC key of callback tokens (empty: derived from a secret)
 * @param callbackTimeoutMillis  caravan.callbacks.timeout: timeout of one delivery of a callback to its client
 * @param joinErrorUrl           caravan.join.error-url: where a failed join sends the browser when the request names
 *                               neither errorRedirectUrl nor logoutURL (empty: caravan.public-url, else "/")
 * @param recordings             caravan.recordings.*: the recordings index and its answers
 * @param store                  caravan.store and caravan.redis.*: where state shared by instances is kept
 * @param server                 camel.server.* and caravan.http.*: the API server's address and HTTP limits
 * @param schedules              the periods and retries the routes use (timers, callback redelivery)
 * @param uploads                caravan.recordings.storage-dir and caravan.recordings.upload.*: recordings nodes
 *                               upload and where they are kept
 * @param catalog                caravan.recordings.database.*: the database of the recordings Caravan keeps
 * @param retention              caravan.recordings.retention.unpublish-after and .delete-after: the global rules of
 *                               the recordings Caravan keeps (tenants may have their own)
 * @param playback               caravan.recordings.playback.*: playback of the recordings Caravan keeps
 * @param maintenance            caravan.maintenance.*: cordon notices and maintenance windows
 * @param dialIn                 caravan.voice-bridge.* and caravan.dial-in.*: dial-in numbers and FreeSWITCH's lookups
 * @param status                 caravan.history.window, caravan.events.capacity: what the status page is shown
 * @param webhooks               caravan.webhooks.*: the hooks API Caravan answers and the events it relays
 */
public record Settings(List<String> secrets, Set<ChecksumAlgorithm> allowedChecksums, ChecksumAlgorithm nodeChecksum,
        Path inventory, long pollTimeoutMillis, int offlineAfter, int onlineAfter, long nodeTimeoutMillis,
        long lookupTimeoutMillis, int workerThreads, int maxInFlight, int connectionsPerNode, int maxInFlightPerNode,
        int suspectAfter, long stallAfterMillis, double latencyWeight, long reservationCooldownMillis, long maxMeetings,
        String adminToken, Path dataDir, String publicUrl, String callbacksKey, long callbackTimeoutMillis, String joinErrorUrl,
        RecordingSettings recordings, StoreSettings store, ServerSettings server, Schedules schedules,
        UploadSettings uploads, CatalogSettings catalog, Retention retention, PlaybackSettings playback,
        MaintenanceSettings maintenance, DialInSettings dialIn, StatusSettings status,
        WebhookSettings webhooks) {

    /**
     * @param timeZone  caravan.maintenance.time-zone: the zone of the maintenance windows' cron expressions
     * @param minRepeat caravan.maintenance.min-repeat: the shortest repeat of a cordon's chat message (a shorter one
     *                  is refused: users would read little else)
     */
    public record MaintenanceSettings(ZoneId timeZone, Duration minRepeat) {
    }

    /**
     * What the routes read as placeholders ({@code {{caravan.poll.interval}}} ...), validated here like every other
     * key and handed to the routes in milliseconds ({@link #publish}), so no route carries a default or a value
     * nobody checked.
     *
     * @param pollIntervalMillis          caravan.poll.interval: the period of the node polls
     * @param inventoryWatchMillis        caravan.inventory.watch-interval: how often the inventory file is checked
     * @param recordingsPollMillis        caravan.recordings.poll-interval: the period of the recordings polls
     * @param redisCheckMillis            caravan.redis.check-interval: how often Redis is checked (caravan.store=redis)
     * @param callbackAttempts            caravan.callbacks.attempts: deliveries of a callback after the first
     * @param callbackRetryDelayMillis    caravan.callbacks.retry-delay: the pause between two deliveries
     * @param retentionSchedule           caravan.recordings.retention.schedule: when the recordings retention runs
     *                                    (a Quartz cron expression)
     * @param maintenanceSchedule         caravan.maintenance.check-schedule: when the maintenance windows are checked
     *                                    for one that is due (a Quartz cron expression)
     * @param historyIntervalMillis       caravan.history.interval: how often each node's load and meetings are sampled
     *                                    for the status page's charts
     * @param webhooksCheckMillis         caravan.webhooks.check-interval: how often Caravan's hook on each node is
     *                                    checked (and created where missing)
     * @param webhookAttempts             caravan.webhooks.attempts: deliveries of an event after the first
     * @param webhookRetryDelayMillis     caravan.webhooks.retry-delay: the pause before the first retry, doubled
     */
    public record Schedules(long pollIntervalMillis, long inventoryWatchMillis, long recordingsPollMillis,
            long redisCheckMillis, int callbackAttempts, long callbackRetryDelayMillis, String retentionSchedule,
            String maintenanceSchedule, long historyIntervalMillis, long webhooksCheckMillis, int webhookAttempts,
            long webhookRetryDelayMillis) {

        /** The validated values, as the properties the routes' placeholders resolve (overriding every source). */
        void publish(PropertiesComponent properties) {
            properties.addOverrideProperty("caravan.poll.interval", String.valueOf(pollIntervalMillis));
            properties.addOverrideProperty("caravan.inventory.watch-interval", String.valueOf(inventoryWatchMillis));
            properties.addOverrideProperty("caravan.recordings.poll-interval", String.valueOf(recordingsPollMillis));
            properties.addOverrideProperty("caravan.redis.check-interval", String.valueOf(redisCheckMillis));
            properties.addOverrideProperty("caravan.callbacks.attempts", String.valueOf(callbackAttempts));
            properties.addOverrideProperty("caravan.callbacks.retry-delay", String.valueOf(callbackRetryDelayMillis));
            properties.addOverrideProperty("caravan.recordings.retention.schedule", retentionSchedule);
            properties.addOverrideProperty("caravan.maintenance.check-schedule", maintenanceSchedule);
            properties.addOverrideProperty("caravan.history.interval", String.valueOf(historyIntervalMillis));
            properties.addOverrideProperty("caravan.webhooks.check-interval", String.valueOf(webhooksCheckMillis));
            properties.addOverrideProperty("caravan.webhooks.attempts", String.valueOf(webhookAttempts));
            properties.addOverrideProperty("caravan.webhooks.retry-delay", String.valueOf(webhookRetryDelayMillis));
        }
    }

    /**
     * @param timeoutMillis caravan.webhooks.timeout: timeout of one delivery of an event to a client hook
     * @param checksum      caravan.webhooks.checksum: the hash of the checksums on the events Caravan delivers
     */
    public record WebhookSettings(long timeoutMillis, ChecksumAlgorithm checksum) {
    }

    /**
     * The API server ({@code io.caravan.http.ApiServer}). Its address keeps camel-main's key names, which operators
     * and deployments already use; Caravan runs the server itself, so Camel's own (camel.server.enabled) stays off.
     *
     * @param host           camel.server.host: the address to listen on
     * @param port           camel.server.port: the port of the API and every other endpoint
     * @param maxBodySize    camel.server.max-body-size: the largest request body, in bytes
     * @param eventLoops     caravan.http.event-loops: Vert.x servers sharing the port, one event loop each
     * @param maxRequestLine caravan.http.max-request-line: the longest request line (method, URL, version), in bytes
     * @param maxHeaderSize  caravan.http.max-header-size: the largest request header block, in bytes
     */
    public record ServerSettings(String host, int port, long maxBodySize, int eventLoops, int maxRequestLine,
            int maxHeaderSize) {
    }

    /**
     * @param enabled      caravan.recordings.enabled: false answers as if no recording existed and polls no node
     * @param pageSize     caravan.recordings.page-size: recordings asked per getRecordings page when polling a node
     *                     (1..100: bbb-web caps limit at 100)
     * @param playbackHost caravan.recordings.playback-host: scheme and host (or host alone) that replaces the node's
     *                     in playback and preview URLs of getRecordings answers; empty: URLs point at the node
     */
    public record RecordingSettings(boolean enabled, int pageSize, String playbackHost) {
    }

    /**
     * @param storageDir        caravan.recordings.storage-dir: where uploaded recordings are kept (empty:
     *                          {@code <caravan.data-dir>/recordings})
     * @param maxBytes          caravan.recordings.upload.max-bytes: the largest upload, and the most its files may
     *                          hold unpacked; checked while it streams
     * @param maxFiles          caravan.recordings.upload.max-files: the most entries an uploaded archive may have
     * @param idleTimeoutMillis caravan.recordings.upload.idle-timeout: how long an upload may send nothing before it is
     *                          dropped
     * @param spoolDir          caravan.recordings.spool-dir: a directory watched for recording tarballs (Scalelite's
     *                          layout, for sites with shared storage); null: none is watched
     * @param spoolIntervalMillis caravan.recordings.spool-interval: how often the spool directory is looked at
     * @param s3                caravan.recordings.s3.*: S3-compatible object storage instead of storageDir
     */
    public record UploadSettings(Path storageDir, long maxBytes, int maxFiles, long idleTimeoutMillis, Path spoolDir,
            long spoolIntervalMillis, S3Settings s3) {

        /**
         * The spool route's placeholders: its directory (a placeholder one under the data directory while none is
         * set, as the file endpoint needs a path even when its route does not start) and whether it starts.
         */
        void publish(PropertiesComponent properties, Path dataDir) {
            properties.addOverrideProperty("caravan.recordings.spool.enabled", String.valueOf(spoolDir != null));
            properties.addOverrideProperty("caravan.recordings.spool-dir",
                    (spoolDir != null ? spoolDir : dataDir.resolve("spool")).toAbsolutePath().toString());
            properties.addOverrideProperty("caravan.recordings.spool-interval", String.valueOf(spoolIntervalMillis));
        }
    }

    /**
     * Object storage for the recordings Caravan keeps ({@code io.caravan.storage.S3RecordingStore}); off while no
     * bucket is set, and then the recordings are files under caravan.recordings.storage-dir.
     *
     * @param bucket        caravan.recordings.s3.bucket: the bucket (of tenants without their own); empty: no S3
     * @param endpoint      caravan.recordings.s3.endpoint: an S3-compatible server's URL; empty: AWS S3
     * @param region        caravan.recordings.s3.region: the region requests are signed for
     * @param accessKey     caravan.recordings.s3.access-key: with the secret key; both empty: the AWS SDK's default
     *                      credentials (environment, profile, instance role)
     * @param secretKey     caravan.recordings.s3.secret-key
     * @param pathStyle     caravan.recordings.s3.path-style: bucket in the path (MinIO, Ceph, Garage, s3proxy)
     * @param tenantBuckets caravan.recordings.s3.tenant-buckets: tenants with a bucket of their own
     * @param prefix        caravan.recordings.s3.prefix: the key prefix of every object
     * @param urlLifetime   caravan.recordings.s3.url-lifetime: how long a presigned playback URL works
     */
    public record S3Settings(String bucket, String endpoint, String region, String accessKey, String secretKey,
            boolean pathStyle, Map<String, String> tenantBuckets, String prefix, Duration urlLifetime) {

        public boolean enabled() {
            return !bucket.isEmpty();
        }

        @Override
        public String toString() {
            return "S3Settings[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", pathStyle="
                    + pathStyle + ", tenantBuckets=" + tenantBuckets + ", prefix=" + prefix + "]";
        }
    }

    /**
     * @param url         caravan.recordings.database.url: the JDBC URL of a shared database (PostgreSQL:
     *                    jdbc:postgresql://host/db); empty: an embedded H2 file in {@code embeddedDir}
     * @param user        caravan.recordings.database.user
     * @param password    caravan.recordings.database.password
     * @param embeddedDir {@code <caravan.data-dir>/catalog}, where the embedded database lives
     */
    public record CatalogSettings(String url, String user, String password, Path embeddedDir) {

        @Override
        public String toString() {
            return "CatalogSettings[url=" + url + ", user=" + user + ", embeddedDir=" + embeddedDir + "]";
        }
    }

    /**
     * What the status page shows beside the nodes' current figures, both kept in memory.
     *
     * @param historyWindowMillis caravan.history.window: how far back the node history goes (its charts' width); at
     *                            least caravan.history.interval
     * @param eventsCapacity      caravan.events.capacity: the events (offline, online, state changes, maintenance)
     *                            kept; the oldest goes first
     */
    public record StatusSettings(long historyWindowMillis, int eventsCapacity) {
    }

    /**
     * @param playerDir           caravan.recordings.playback.player-dir: bbb-playback's built files; null when empty
     *                            (no presentation player: its pages answer 404)
     * @param signingKey          caravan.recordings.playback.signing-key: signs protected recordings' one-time links
     *                            and cookies; empty: a random key per start
     * @param tokenLifetimeMillis caravan.recordings.playback.token-lifetime: how long a one-time link stays valid
     * @param cookieLifetimeMillis caravan.recordings.playback.cookie-lifetime: how long a used link's cookie lets the
     *                            browser play the recording
     * @param cacheMaxAgeMillis   caravan.recordings.playback.cache-max-age: how long browsers and proxies may keep a
     *                            public recording's files
     */
    public record PlaybackSettings(Path playerDir, String signingKey, long tokenLifetimeMillis,
            long cookieLifetimeMillis, long cacheMaxAgeMillis) {

        @Override
        public String toString() {
            return "PlaybackSettings[playerDir=" + playerDir + ", signingKey=" + (signingKey.isEmpty() ? "random"
                    : "set") + ", tokenLifetimeMillis=" + tokenLifetimeMillis + ", cookieLifetimeMillis="
                    + cookieLifetimeMillis + ", cacheMaxAgeMillis=" + cacheMaxAgeMillis + "]";
        }
    }

    public static Settings read(PropertiesComponent properties) {
        Reader r = new Reader(properties);
        List<String> secrets = new ArrayList<>();
        for (String s : (r.text("caravan.secret", "") + "," + r.text("caravan.secrets", "")).split(",")) {
            if (!s.isBlank()) {
                secrets.add(s.trim());
            }
        }
        Settings settings = new Settings(
                List.copyOf(secrets),
                r.parse("caravan.checksum.algorithms", "sha1,sha256,sha384,sha512", Settings::algorithms),
                r.parse("caravan.node.checksum", "sha256", ChecksumAlgorithm::parse),
                Path.of(r.text("caravan.inventory", "inventory.yaml")),
                r.duration("caravan.poll.timeout", "5s"),
                r.positiveInt("caravan.health.offline-after", 2),
                r.positiveInt("caravan.health.online-after", 1),
                r.duration("caravan.node.timeout", "5s"),
                r.duration("caravan.lookup.timeout", "2s"),
                r.positiveInt("caravan.http.worker-threads", 32),
                r.positiveInt("caravan.http.max-in-flight", 10000),
                r.positiveInt("caravan.client.max-connections-per-node", 100),
                r.positiveInt("caravan.node.max-in-flight", 200),
                r.positiveInt("caravan.health.suspect-after", 1),
                r.duration("caravan.health.stall-after", "2s"),
                r.parse("caravan.placement.latency-weight", "10", Settings::weight),
                r.duration("caravan.placement.reservation-cooldown", "15m"),
                r.positiveInt("caravan.meetings.max", 1_000_000),
                r.text("caravan.admin.token", "").trim(),
                Path.of(r.text("caravan.data-dir", "data")),
                r.parse("caravan.public-url", "", Settings::publicUrl),
                r.text("caravan.callbacks.key", "").trim(),
                r.duration("caravan.callbacks.timeout", "10s"),
                r.text("caravan.join.error-url", "").trim(),
                new RecordingSettings(
                        r.parse("caravan.recordings.enabled", "true", Settings::bool),
                        r.parse("caravan.recordings.page-size", "100", Settings::pageSize),
                        r.parse("caravan.recordings.playback-host", "", Settings::playbackHost)),
                StoreSettings.parse(r.text("caravan.store", "caffeine"), r.text("caravan.redis.url", ""),
                        r.duration("caravan.redis.timeout", "2s"), r.text("caravan.redis.key-prefix", "caravan:")),
                new ServerSettings(
                        r.text("camel.server.host", "0.0.0.0").trim(),
                        r.parse("camel.server.port", "8090", Settings::port),
                        r.parse("camel.server.max-body-size", "104857600", text -> Long.parseLong(text.trim())),
                        r.positiveInt("caravan.http.event-loops", Runtime.getRuntime().availableProcessors()),
                        r.positiveInt("caravan.http.max-request-line", 65536),
                        r.positiveInt("caravan.http.max-header-size", 65536)),
                new Schedules(
                        r.duration("caravan.poll.interval", "10s"),
                        r.duration("caravan.inventory.watch-interval", "5s"),
                        r.duration("caravan.recordings.poll-interval", "60s"),
                        r.duration("caravan.redis.check-interval", "1s"),
                        r.parse("caravan.callbacks.attempts", "2", Settings::attempts),
                        r.duration("caravan.callbacks.retry-delay", "1000"),
                        r.parse("caravan.recordings.retention.schedule", "0 30 3 * * ?", Settings::cron),
                        r.parse("caravan.maintenance.check-schedule", "0 * * * * ?", Settings::cron),
                        r.duration("caravan.history.interval", "30s"),
                        r.duration("caravan.webhooks.check-interval", "30s"),
                        r.parse("caravan.webhooks.attempts", "5", Settings::attempts),
                        r.duration("caravan.webhooks.retry-delay", "1000")),
                new UploadSettings(
                        Path.of(r.text("caravan.recordings.storage-dir", "").isBlank()
                                ? r.text("caravan.data-dir", "data") + "/recordings"
                                : r.text("caravan.recordings.storage-dir", "").trim()),
                        r.parse("caravan.recordings.upload.max-bytes", "10737418240", Settings::positiveLong),
                        r.positiveInt("caravan.recordings.upload.max-files", 100_000),
                        r.duration("caravan.recordings.upload.idle-timeout", "60s"),
                        r.text("caravan.recordings.spool-dir", "").isBlank() ? null
                                : Path.of(r.text("caravan.recordings.spool-dir", "").trim()),
                        r.duration("caravan.recordings.spool-interval", "5s"),
                        s3(r)),
                new CatalogSettings(
                        r.parse("caravan.recordings.database.url", "", Settings::jdbcUrl),
                        r.text("caravan.recordings.database.user", "").trim(),
                        r.text("caravan.recordings.database.password", ""),
                        Path.of(r.text("caravan.data-dir", "data"), "catalog")),
                new Retention(
                        r.parse("caravan.recordings.retention.unpublish-after", "", Retention::days),
                        r.parse("caravan.recordings.retention.delete-after", "", Retention::days)),
                new PlaybackSettings(
                        r.text("caravan.recordings.playback.player-dir", "").isBlank() ? null
                                : Path.of(r.text("caravan.recordings.playback.player-dir", "").trim()),
                        r.parse("caravan.recordings.playback.signing-key", "", Settings::signingKey),
                        r.duration("caravan.recordings.playback.token-lifetime", "1h"),
                        r.duration("caravan.recordings.playback.cookie-lifetime", "4h"),
                        r.duration("caravan.recordings.playback.cache-max-age", "1d")),
                new MaintenanceSettings(
                        r.parse("caravan.maintenance.time-zone", "UTC", text -> ZoneId.of(text.trim())),
                        Duration.ofMillis(r.parse("caravan.maintenance.min-repeat", "1m", text -> {
                            long millis = TimeUtils.toMilliSeconds(text.trim());
                            if (millis < 1000) {
                                throw new IllegalArgumentException("must be at least 1s");
                            }
                            return millis;
                        }))),
                dialIn(r),
                new StatusSettings(
                        r.duration("caravan.history.window", "1h"),
                        r.positiveInt("caravan.events.capacity", 500)),
                new WebhookSettings(
                        r.duration("caravan.webhooks.timeout", "5s"),
                        r.parse("caravan.webhooks.checksum", "sha1", ChecksumAlgorithm::parse)));
        if (settings.status().historyWindowMillis() < settings.schedules().historyIntervalMillis()) {
            throw new IllegalArgumentException("configuration key caravan.history.window must be at least "
                    + "caravan.history.interval");
        }
        return settings;
    }

    private static DialInSettings dialIn(Reader r) {
        long[] range = DialInSettings.range(r.text("caravan.voice-bridge.length", "5"),
                r.text("caravan.voice-bridge.min", ""), r.text("caravan.voice-bridge.max", ""));
        return new DialInSettings(range[0], range[1], r.duration("caravan.voice-bridge.ttl", "24h"),
                r.text("caravan.voice-bridge.dial-number", "").trim(),
                r.text("caravan.dial-in.user", "fsapi").trim(), r.text("caravan.dial-in.password", ""),
                r.text("caravan.dial-in.sip-profile", "external").trim(),
                r.parse("caravan.dial-in.sip-addresses", "", DialInSettings::sipAddresses));
    }

    private static String signingKey(String text) {
        String key = text.trim();
        if (!key.isEmpty() && key.length() < 32) {
            throw new IllegalArgumentException("must be at least 32 characters (or empty: a random key per start)");
        }
        return key;
    }

    /** A Quartz cron expression (seconds first: {@code 0 30 3 * * ?} is 03:30 every night). */
    private static String cron(String text) {
        String cron = text.trim();
        try {
            CronExpression.validateExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("must be a Quartz cron expression such as '0 30 3 * * ?' ("
                    + e.getMessage() + ")");
        }
        return cron;
    }

    private static S3Settings s3(Reader r) {
        String accessKey = r.text("caravan.recordings.s3.access-key", "").trim();
        String secretKey = r.text("caravan.recordings.s3.secret-key", "").trim();
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new IllegalArgumentException("caravan.recordings.s3.access-key and caravan.recordings.s3.secret-key:"
                    + " set both, or neither for the AWS SDK's default credentials");
        }
        return new S3Settings(
                r.parse("caravan.recordings.s3.bucket", "", Settings::bucket),
                r.parse("caravan.recordings.s3.endpoint", "", Settings::httpUrl),
                r.text("caravan.recordings.s3.region", "us-east-1").trim(),
                accessKey, secretKey,
                r.parse("caravan.recordings.s3.path-style", "false", Settings::bool),
                r.parse("caravan.recordings.s3.tenant-buckets", "", Settings::tenantBuckets),
                r.text("caravan.recordings.s3.prefix", "recordings/").trim(),
                Duration.ofMillis(r.parse("caravan.recordings.s3.url-lifetime", "6h", text -> {
                    long millis = TimeUtils.toMilliSeconds(text.trim());
                    if (millis < 1000 || millis > Duration.ofDays(7).toMillis()) {
                        throw new IllegalArgumentException("must be 1s to 7d (S3's longest presigned URL)");
                    }
                    return millis;
                })));
    }

    /** S3's bucket naming rules, in short: 3 to 63 lower-case letters, digits, dots and dashes. */
    private static String bucket(String text) {
        String name = text.trim();
        if (!name.isEmpty() && !name.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("must be an S3 bucket name (3-63 of a-z, 0-9, '.', '-')");
        }
        return name;
    }

    private static String httpUrl(String text) {
        String url = text.trim();
        if (!url.isEmpty() && !url.matches("https?://[^\\s/]+(/.*)?")) {
            throw new IllegalArgumentException("must be an http(s) URL, or empty");
        }
        return url;
    }

    /** {@code tenant=bucket,tenant=bucket}. */
    private static Map<String, String> tenantBuckets(String text) {
        Map<String, String> buckets = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("must be tenant=bucket pairs, comma-separated");
            }
            buckets.put(pair.substring(0, equals).trim(), bucket(pair.substring(equals + 1)));
        }
        return Map.copyOf(buckets);
    }

    private static String jdbcUrl(String text) {
        String url = text.trim();
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("must be a jdbc:postgresql: (or jdbc:h2:) URL, or empty");
        }
        return url;
    }

    private static long positiveLong(String text) {
        long value = Long.parseLong(text.trim());
        if (value < 1) {
            throw new IllegalArgumentException("must be at least 1");
        }
        return value;
    }

    /** Reads and validates the settings, and hands the routes' own values to them (see {@link Schedules}). */
    public static Settings readAndPublish(PropertiesComponent properties) {
        Settings settings = read(properties);
        settings.schedules().publish(properties);
        settings.uploads().publish(properties, settings.dataDir());
        return settings;
    }

    private static int attempts(String text) {
        int attempts = Integer.parseInt(text.trim());
        if (attempts < 0) {
            throw new IllegalArgumentException("must be 0 or more");
        }
        return attempts;
    }

    @Override
    public String toString() {
        // records print every component; secrets and the admin token must never reach a log line
        return "Settings[inventory=" + inventory + ", dataDir=" + dataDir + ", secrets=" + secrets.size()
                + ", adminApi=" + (adminToken.isEmpty() ? "off" : "on") + ", store=" + store + "]";
    }

    private static String publicUrl(String text) {
        String url = text.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("must start with http:// or https://");
        }
        return url;
    }

    private static int port(String text) {
        int port = Integer.parseInt(text.trim());
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("must be a port number 0..65535");
        }
        return port;
    }

    private static double weight(String text) {
        double value = Double.parseDouble(text.trim());
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("must be a number of at least 0");
        }
        return value;
    }

    private static boolean bool(String text) {
        String value = text.trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("must be true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static int pageSize(String text) {
        int size = Integer.parseInt(text.trim());
        if (size < 1 || size > 100) {
            throw new IllegalArgumentException("must be 1..100 (bbb-web answers at most 100 recordings per page)");
        }
        return size;
    }

    /** {@code https://host[:port]} or {@code host[:port]}; nothing after the authority. */
    private static String playbackHost(String text) {
        String value = text.trim();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        if (value.isEmpty()) {
            return value;
        }
        String authority = value.startsWith("http://") || value.startsWith("https://")
                ? value.substring(value.indexOf("://") + 3) : value;
        if (authority.isEmpty() || !authority.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            throw new IllegalArgumentException("must be a host (rec.example.org) or scheme and host "
                    + "(https://rec.example.org), without path");
        }
        return value;
    }

    private static Set<ChecksumAlgorithm> algorithms(String text) {
        Set<ChecksumAlgorithm> set = EnumSet.noneOf(ChecksumAlgorithm.class);
        Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).map(ChecksumAlgorithm::parse).forEach(set::add);
        if (set.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm is needed");
        }
        return set;
    }

    private record Reader(PropertiesComponent properties) {

        String text(String key, String fallback) {
            return properties.resolveProperty(key).orElse(fallback);
        }

        <T> T parse(String key, String fallback, Function<String, T> parser) {
            String value = text(key, fallback);
            try {
                return parser.apply(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("configuration key " + key + " = '" + value + "': "
                        + e.getMessage(), e);
            }
        }

        long duration(String key, String fallback) {
            long millis = parse(key, fallback, TimeUtils::toMilliSeconds);
            if (millis <= 0) {
                throw new IllegalArgumentException("configuration key " + key + " must be a positive duration");
            }
            return millis;
        }

        int positiveInt(String key, int fallback) {
            int value = parse(key, String.valueOf(fallback), s -> Integer.parseInt(s.trim()));
            if (value < 1) {
                throw new IllegalArgumentException("configuration key " + key + " must be at least 1, was " + value);
            }
            return value;
        }
    }
}
