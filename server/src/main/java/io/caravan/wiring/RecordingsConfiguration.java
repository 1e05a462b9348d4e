package io.caravan.wiring;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import io.caravan.config.Settings;
import io.caravan.catalog.CatalogDatabase;
import io.caravan.inventory.Tenants;
import io.caravan.nodes.NodeRegistry;
import io.caravan.recordings.ImportLog;
import io.caravan.recordings.KeptRecordings;
import io.caravan.playback.LocalSpentTokens;
import io.caravan.playback.PlaybackLinks;
import io.caravan.playback.PlaybackSigningKey;
import io.caravan.playback.PlaybackTokens;
import io.caravan.playback.SpentTokens;
import io.caravan.recordings.RecordingCalls;
import io.caravan.recordings.RecordingCatalogOnDemand;
import io.caravan.recordings.RecordingDeletions;
import io.caravan.recordings.RecordingErasure;
import io.caravan.recordings.RecordingIndex;
import io.caravan.recordings.RecordingRetention;
import io.caravan.recordings.RecordingSearch;
import io.caravan.recordings.RecordingUploads;
import io.caravan.recordings.RecordingsPoller;
import io.caravan.recordings.SpoolImports;
import io.caravan.storage.FileSystemRecordingStore;
import io.caravan.store.RedisSpentTokens;
import io.caravan.storage.RecordingArchive;
import io.caravan.storage.RecordingStore;
import io.caravan.storage.S3RecordingStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The recordings index, its poll of the nodes, the recording calls and the search for recordings the index does not
 * know yet (routes/recordings.camel.yaml); the recordings Caravan keeps, their uploads, deletions and retention
 * (routes/recordings-retention.camel.yaml).
 */
public class RecordingsConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public RecordingIndex recordingIndex() {
        return new RecordingIndex();
    }

    @BindToRegistry
    public RecordingsPoller recordingsPoller(Settings settings, RecordingIndex index, NodeRegistry registry,
            SharedStore store, CamelContext context) {
        RecordingsPoller poller = new RecordingsPoller(index, registry, settings.recordings(), store.events(),
                settings.pollTimeoutMillis());
        if (store.redis().isPresent()) {
            // a change another instance made to a node's recordings makes this instance poll that node again
            ProducerTemplate poll = context.createProducerTemplate();
            poller.followChangesElsewhere(node -> poll.asyncSendBody("direct:poll-recordings-node", node));
        }
        return poller;
    }

    @BindToRegistry
    public RecordingCalls recordingCalls(Settings settings, RecordingIndex index, NodeRegistry registry,
            SharedStore store, KeptRecordings keptRecordings, PlaybackLinks playbackLinks) {
        return new RecordingCalls(index, registry, settings.recordings(), store.events(), settings.nodeTimeoutMillis(),
                keptRecordings, playbackLinks::link, playbackBase(settings));
    }

    /** The recordings Caravan keeps, as the BBB API's recording calls see them. */
    @BindToRegistry(lazy = true)
    public KeptRecordings keptRecordings(RecordingCatalogOnDemand catalog, RecordingDeletions deletions) {
        return new KeptRecordings(catalog, deletions);
    }

    /** caravan.recordings.playback-host (https when it names no scheme), else caravan.public-url, else empty. */
    static String playbackBase(Settings settings) {
        String host = settings.recordings().playbackHost();
        if (!host.isEmpty()) {
            return host.contains("://") ? host : "https://" + host;
        }
        return settings.publicUrl();
    }

    /**
     * The database of the recordings Caravan keeps: embedded H2 in the data directory, or the shared PostgreSQL of
     * caravan.recordings.database.url; opened at the first upload, closed with Caravan.
     */
    @BindToRegistry(lazy = true)
    public RecordingCatalogOnDemand recordingCatalogOnDemand(Settings settings, CamelContext context)
            throws Exception {
        Settings.CatalogSettings database = settings.catalog();
        RecordingCatalogOnDemand catalog = new RecordingCatalogOnDemand(() -> database.url().isEmpty()
                ? CatalogDatabase.embedded(database.embeddedDir())
                : CatalogDatabase.shared(database.url(), emptyToNull(database.user()),
                        emptyToNull(database.password())),
                () -> !database.url().isEmpty() || CatalogDatabase.embeddedExists(database.embeddedDir()));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                catalog.close();
            }
        });
        return catalog;
    }

    /**
     * Where the recordings Caravan keeps are: caravan.recordings.storage-dir (the filesystem), or S3-compatible object
     * storage when caravan.recordings.s3.bucket is set (its imports staged under the storage directory).
     */
    @BindToRegistry(lazy = true)
    public RecordingStore recordingStore(Settings settings, CamelContext context) throws Exception {
        Settings.UploadSettings uploads = settings.uploads();
        RecordingArchive archive = new RecordingArchive(uploads.maxFiles(), uploads.maxBytes());
        Settings.S3Settings s3 = uploads.s3();
        if (!s3.enabled()) {
            return new FileSystemRecordingStore(uploads.storageDir(), archive);
        }
        S3RecordingStore store = S3RecordingStore.create(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(),
                s3.pathStyle(), s3.bucket(), s3.tenantBuckets(), s3.prefix(), archive,
                uploads.storageDir().resolve(".staging"), s3.urlLifetime());
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                store.close();
            }
        });
        return store;
    }

    /** Recordings the nodes upload into the store. */
    @BindToRegistry
    public RecordingUploads recordingUploads(Settings settings, NodeRegistry registry, Tenants tenants,
            RecordingStore recordingStore, RecordingCatalogOnDemand catalog, ImportLog importLog) {
        Settings.UploadSettings uploads = settings.uploads();
        return new RecordingUploads(registry, tenants, recordingStore, catalog, importLog, uploads.maxBytes(),
                uploads.idleTimeoutMillis());
    }

    /** Tarballs of caravan.recordings.spool-dir into the store (route recording-spool-import). */
    @BindToRegistry
    public SpoolImports spoolImports(Settings settings, Tenants tenants, RecordingStore recordingStore,
            RecordingCatalogOnDemand catalog, ImportLog importLog) {
        Settings.UploadSettings uploads = settings.uploads();
        return new SpoolImports(recordingStore, tenants, catalog, importLog,
                uploads.spoolDir() == null ? null : uploads.spoolDir().toAbsolutePath(), Clock.systemUTC());
    }

    /** The latest imports of this instance and their metrics. */
    @BindToRegistry(lazy = true)
    public ImportLog importLog(PrometheusMeterRegistry meters) {
        return new ImportLog(Clock.systemUTC(), meters);
    }

    /** Deletes kept recordings (deleteRecordings, retention, the admin API's erase) with an audit line each. */
    @BindToRegistry(lazy = true)
    public RecordingDeletions recordingDeletions(RecordingStore recordingStore, RecordingCatalogOnDemand catalog) {
        return new RecordingDeletions(recordingStore, catalog);
    }

    /** The retention of kept recordings (routes/recordings-retention.camel.yaml), by the wall clock. */
    @BindToRegistry
    public RecordingRetention recordingRetention(Settings settings, Tenants tenants, RecordingDeletions deletions,
            RecordingCatalogOnDemand catalog) {
        return new RecordingRetention(catalog, deletions, tenants, settings.retention(), Clock.systemUTC());
    }

    /** The erase of a tenant's or a meeting's recordings, kept and on the nodes (the admin API's DELETE). */
    @BindToRegistry
    public RecordingErasure recordingErasure(Settings settings, RecordingIndex index, NodeRegistry registry,
            Tenants tenants, RecordingDeletions deletions, RecordingCatalogOnDemand catalog, SharedStore store) {
        return new RecordingErasure(index, registry, tenants, deletions, catalog, store.events(),
                settings.nodeTimeoutMillis());
    }

    /**
     * One-time tokens of protected recordings' links, signed with caravan.recordings.playback.signing-key (playback's
     * cookies too) and spent in this instance's memory. Lazy: the links below take it. One factory for the key and
     * the tokens: Camel orders a class's factories by their parameters, and a chain of two lazy beans would come
     * after the links that need it.
     */
    @BindToRegistry(lazy = true)
    public PlaybackTokens playbackTokens(Settings settings, SharedStore store) {
        SpentTokens local = new LocalSpentTokens(Clock.systemUTC());
        // with caravan.store=redis a link used on one instance is spent on all
        SpentTokens spent = store.redis().<SpentTokens>map(redis -> new RedisSpentTokens(redis, local,
                Clock.systemUTC())).orElse(local);
        return new PlaybackTokens(PlaybackSigningKey.of(settings.playback().signingKey()), spent, Clock.systemUTC(),
                Duration.ofMillis(settings.playback().tokenLifetimeMillis()));
    }

    /**
     * The playback URLs getRecordings lists for the recordings Caravan keeps (a one-time link for a protected one).
     * Here rather than with playback's beans: getRecordings is of this area and takes it.
     */
    @BindToRegistry(lazy = true)
    public PlaybackLinks playbackLinks(PlaybackTokens tokens) {
        return new PlaybackLinks(tokens);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    @BindToRegistry
    public RecordingSearch recordingSearch(Settings settings, RecordingIndex index, NodeRegistry registry) {
        return new RecordingSearch(index, registry, settings.recordings(), settings.pollTimeoutMillis());
    }
}
