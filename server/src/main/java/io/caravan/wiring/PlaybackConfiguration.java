package io.caravan.wiring;

import java.time.Clock;
import java.time.Duration;

import io.caravan.config.Settings;
import io.caravan.playback.PlaybackAccess;
import io.caravan.playback.PlaybackAnswers;
import io.caravan.playback.PlaybackCookies;
import io.caravan.playback.PlaybackMetrics;
import io.caravan.playback.PlaybackRequests;
import io.caravan.playback.PlaybackTokens;
import io.caravan.playback.PresentationPlayer;
import io.caravan.recordings.RecordingCatalogOnDemand;
import io.caravan.storage.RecordingStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/**
 * Playback of the recordings Caravan keeps (routes/playback.camel.yaml): the store's files and the presentation
 * player at BBB's URLs, the catalog deciding what is playable, one-time links and cookies for protected recordings.
 * The tokens (with the signing key) are the recordings area's, which makes the links getRecordings lists.
 */
public class PlaybackConfiguration implements CamelConfiguration {

    @BindToRegistry
    public PlaybackRequests playbackRequests(Settings settings, RecordingStore recordingStore) {
        return new PlaybackRequests(recordingStore, new PresentationPlayer(settings.playback().playerDir()));
    }

    @BindToRegistry
    public PlaybackAccess playbackAccess(Settings settings, RecordingCatalogOnDemand catalog, PlaybackTokens tokens) {
        // ifAny: a Caravan that never received an upload has nothing to play, and must not create a catalog for that
        return new PlaybackAccess(catalog::ifAny, tokens, new PlaybackCookies(tokens, Clock.systemUTC(),
                Duration.ofMillis(settings.playback().cookieLifetimeMillis())));
    }

    @BindToRegistry
    public PlaybackAnswers playbackAnswers(Settings settings, PrometheusMeterRegistry meters) {
        return new PlaybackAnswers(new PlaybackMetrics(meters), settings.playback().cacheMaxAgeMillis() / 1000);
    }
}
