package io.caravan.routes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.caravan.catalog.Recording;
import io.caravan.catalog.RecordingCatalog;
import io.caravan.recordings.RecordingCatalogOnDemand;
import org.junit.jupiter.api.Test;

/**
 * routes/recordings-retention.camel.yaml: on its schedule (here every second) the retention deletes the kept
 * recordings older than caravan.recordings.retention.delete-after and unpublishes those older than unpublish-after.
 */
class RecordingsRetentionRoutesTest extends RouteTestSupport {

    @Override
    protected Properties settings() {
        Properties settings = new Properties();
        settings.setProperty("caravan.recordings.retention.schedule", "0/1 * * * * ?");
        settings.setProperty("caravan.recordings.retention.unpublish-after", "10d");
        settings.setProperty("caravan.recordings.retention.delete-after", "30d");
        return settings;
    }

    private RecordingCatalog catalog() {
        return bean("recordingCatalogOnDemand", RecordingCatalogOnDemand.class).get();
    }

    private static Recording endedDaysAgo(String recordId, int days) {
        long end = Instant.now().minus(Duration.ofDays(days)).toEpochMilli();
        return new Recording(recordId, "lecture", "internal-" + recordId, null, "Lecture", "published", false,
                end - 3_600_000, end, 2, 100, "bbb1", List.of(), Map.of());
    }

    @Test
    void theScheduleDeletesAndUnpublishesWhatOutlivedTheRules() {
        catalog().upsert(endedDaysAgo("rec-old", 31));
        catalog().upsert(endedDaysAgo("rec-middle", 11));
        catalog().upsert(endedDaysAgo("rec-new", 1));

        await(() -> catalog().find("rec-old").isEmpty(), "rec-old deleted");
        await(() -> catalog().find("rec-middle").map(e -> e.recording().state()).orElse("").equals("unpublished"),
                "rec-middle unpublished");
        assertTrue(catalog().find("rec-new").map(e -> e.recording().state()).orElse("").equals("published"));
    }
}
