package io.caravan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import io.caravan.inventory.Retention;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Settings reads every caravan.* key the routes use, validates it, and hands the routes the checked value. */
class SettingsTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    private PropertiesComponent properties(String... keyValues) {
        Properties props = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.setProperty(keyValues[i], keyValues[i + 1]);
        }
        PropertiesComponent component = camel.getPropertiesComponent();
        component.setInitialProperties(props);
        return component;
    }

    @Test
    void theRoutesPeriodsAndRetriesAreValidatedAndPublishedInMilliseconds() {
        PropertiesComponent component = properties("caravan.poll.interval", "1500ms",
                "caravan.recordings.poll-interval", "2m", "caravan.callbacks.attempts", "0");
        Settings settings = Settings.readAndPublish(component);

        assertEquals(1500, settings.schedules().pollIntervalMillis());
        assertEquals("1500", component.resolveProperty("caravan.poll.interval").orElseThrow());
        assertEquals("120000", component.resolveProperty("caravan.recordings.poll-interval").orElseThrow());
        assertEquals("0", component.resolveProperty("caravan.callbacks.attempts").orElseThrow());
        // the defaults a route would otherwise have carried itself
        assertEquals("1000", component.resolveProperty("caravan.redis.check-interval").orElseThrow());
        assertEquals("5000", component.resolveProperty("caravan.inventory.watch-interval").orElseThrow());
    }

    @Test
    void aBadPeriodOrRetryCountStopsStartupNamingItsKey() {
        IllegalArgumentException period = assertThrows(IllegalArgumentException.class,
                () -> Settings.read(properties("caravan.inventory.watch-interval", "0s")));
        assertTrue(period.getMessage().contains("caravan.inventory.watch-interval"), period.getMessage());

        IllegalArgumentException attempts = assertThrows(IllegalArgumentException.class,
                () -> Settings.read(properties("caravan.callbacks.attempts", "-1")));
        assertTrue(attempts.getMessage().contains("caravan.callbacks.attempts"), attempts.getMessage());
    }

    @Test
    void theRetentionRulesAreDaysOrNeverAndItsScheduleACronExpressionHandedToTheRoute() {
        assertEquals(Retention.NONE, Settings.read(properties()).retention(), "empty: never");
        assertEquals("0 30 3 * * ?", Settings.read(properties()).schedules().retentionSchedule(), "nightly");

        IllegalArgumentException days = assertThrows(IllegalArgumentException.class,
                () -> Settings.read(properties("caravan.recordings.retention.unpublish-after", "30")));
        assertEquals("configuration key caravan.recordings.retention.unpublish-after = '30': must be a number of days"
                + " such as 365d, not '30'", days.getMessage());
        IllegalArgumentException cron = assertThrows(IllegalArgumentException.class,
                () -> Settings.read(properties("caravan.recordings.retention.schedule", "every night")));
        assertTrue(cron.getMessage().startsWith("configuration key caravan.recordings.retention.schedule = 'every"
                + " night': must be a Quartz cron expression"), cron.getMessage());

        // last: what it publishes overrides every other value of the key in this properties component
        PropertiesComponent component = properties("caravan.recordings.retention.delete-after", " 365d ",
                "caravan.recordings.retention.schedule", " 0/1 * * * * ? ");
        Settings settings = Settings.readAndPublish(component);
        assertEquals(new Retention(Optional.empty(), Optional.of(Duration.ofDays(365))), settings.retention());
        assertEquals("0/1 * * * * ?", component.resolveProperty("caravan.recordings.retention.schedule").orElseThrow());
    }

    @Test
    void aFailedJoinsDefaultUrlIsReadToo() {
        assertEquals("https://lms.example.org/sorry",
                Settings.read(properties("caravan.join.error-url", " https://lms.example.org/sorry ")).joinErrorUrl());
    }

    @Test
    void aShortPlaybackSigningKeyStopsStartupAndNoneStaysOutOfTheSettingsText() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> Settings.read(properties("caravan.recordings.playback.signing-key", "too-short")));
        assertTrue(shortKey.getMessage().contains("caravan.recordings.playback.signing-key"), shortKey.getMessage());
        String key = "a-playback-key-of-thirty-two-chars-or-more";
        Settings.PlaybackSettings playback = Settings.read(properties("caravan.recordings.playback.signing-key", key))
                .playback();
        assertEquals(key, playback.signingKey());
        assertFalse(playback.toString().contains(key), playback.toString());
        assertEquals(null, Settings.read(properties("caravan.data-dir", "data")).playback().playerDir(),
                "no player by default");
    }
}
