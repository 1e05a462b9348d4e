package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.caravan.support.AdminHttp;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.PublishedRecordings;
import io.caravan.support.S3UnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recordings Caravan keeps, in S3-compatible object storage (a real s3proxy): the node's script uploads one,
 * getRecordings lists it with Caravan's playback URL, Caravan's playback redirects to a presigned URL that serves the
 * file and a range of the video, the node leaves the inventory and the recording stays listed and playable, and
 * deleteRecordings removes its objects.
 */
@Tag("end-to-end")
class S3RecordingsEndToEndTest {

    private static final String BUCKET = "caravan-recordings";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path published;

    private static Xml acme(CaravanUnderTest caravan, String call, String query) {
        BbbClient client = new BbbClient(caravan.apiUrl(), "acme-secret");
        return Xml.parse(client.send(HttpRequest.newBuilder(URI.create(client.url(call, query)))
                .header("X-Forwarded-Host", "acme.example.org").GET()).body());
    }

    private static HttpResponse<byte[]> get(String url, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void keptRecordingsInObjectStorageAreListedPlayedAndDeleted() throws Exception {
        String recordId = "a3b2c3d4e5f60718293a4b5c6d7e8f9012345678-1760000000000";
        try (S3UnderTest s3 = S3UnderTest.start()) {
            s3.createBucket(BUCKET);
            try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).adminApi()
                    .clustersYaml("""
                            tenants:
                              - name: acme
                                secrets: [acme-secret]
                                hostnames: [acme.example.org]
                            """)
                    .property("caravan.recordings.s3.bucket", BUCKET)
                    .property("caravan.recordings.s3.endpoint", s3.endpoint().toString())
                    .property("caravan.recordings.s3.path-style", "true")
                    .property("caravan.recordings.s3.access-key", S3UnderTest.ACCESS_KEY)
                    .property("caravan.recordings.s3.secret-key", S3UnderTest.SECRET_KEY)
                    .start()) {
                PublishedRecordings node = new PublishedRecordings(published);
                node.publish(recordId, "acme~geology", 1_760_000_000_000L, "presentation", "video");
                PublishedRecordings.Run upload = node.upload(caravan, recordId, 0);
                assertEquals(0, upload.exitCode(), upload.out());

                List<String> keys = s3.keys(BUCKET);
                assertTrue(keys.contains("recordings/acme/" + recordId + "/current"), keys.toString());
                assertTrue(keys.stream().anyMatch(k -> k.endsWith("/presentation/video/webcams.webm")), keys.toString());
                assertTrue(keys.stream().anyMatch(k -> k.endsWith("/video/video-0.m4v")), keys.toString());
                assertFalse(filesIn(caravan.dataDir().resolve("recordings")), "no recording files on Caravan's disk");

                Xml listed = acme(caravan, "getRecordings", "meetingID=geology");
                assertEquals(List.of(recordId), listed.texts("recordID"));
                assertTrue(listed.texts("url").contains("http://acme.example.org/playback/presentation/2.3/"
                        + recordId), listed.texts("url").toString());

                playable(caravan, recordId);
                AdminHttp admin = new AdminHttp(caravan.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
                assertEquals(200, admin.send("DELETE", "/nodes/bbb1", null).status());
                caravan.node(0).close();
                assertEquals(List.of(recordId), acme(caravan, "getRecordings", "meetingID=geology").texts("recordID"),
                        "listed without the node that recorded it");
                playable(caravan, recordId);

                assertEquals("true", acme(caravan, "deleteRecordings", "recordID=" + recordId).text("deleted"));
                assertEquals(List.of(), s3.keys(BUCKET), "its objects are deleted");
                assertEquals(404, get(caravan.baseUrl() + "/presentation/" + recordId + "/metadata.xml", null)
                        .statusCode());
            }
        }
    }

    /** Caravan redirects to the object store, which serves the file and a range of the webcams video. */
    private static void playable(CaravanUnderTest caravan, String recordId) throws Exception {
        HttpResponse<byte[]> redirect = get(caravan.baseUrl() + "/presentation/" + recordId
                + "/video/webcams.webm", null);
        assertEquals(302, redirect.statusCode());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertTrue(location.contains("X-Amz-Signature="), "a presigned URL: " + location);
        HttpResponse<byte[]> range = get(location, "bytes=1000-1999");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(PublishedRecordings.webcams(), 1000, 2000), range.body());
        HttpResponse<byte[]> whole = get(location, null);
        assertEquals(200, whole.statusCode());
        assertEquals(PublishedRecordings.WEBCAMS_BYTES, whole.body().length);
    }

    private static boolean filesIn(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.anyMatch(p -> Files.isRegularFile(p) && !p.toString().contains("/.staging"));
        }
    }
}
