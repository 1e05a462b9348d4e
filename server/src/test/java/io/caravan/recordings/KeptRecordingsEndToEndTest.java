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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.caravan.storage.TestRecordings;
import io.caravan.support.AdminHttp;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.PublishedRecordings;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Recordings uploaded into Caravan's storage are the BBB API's recordings: getRecordings lists them beside those
 * only on nodes, with Caravan's playback URLs and bbb-web's layout (the emulated node's, the oracle, is the
 * reference); publish, update and delete change them; another tenant neither sees nor changes them; a node removed
 * from the inventory leaves them listed.
 */
@Tag("end-to-end")
class KeptRecordingsEndToEndTest {

    private static final String TENANTS = """
            tenants:
              - name: acme
                secrets: [acme-secret]
                hostnames: [acme.example.org]
              - name: beta
                secrets: [beta-secret]
                hostnames: [beta.example.org]
            """;
    private static final long T0 = 1_760_000_000_000L;
    private static CaravanUnderTest caravan;

    @TempDir
    Path published;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(2).clustersYaml(TENANTS)
                .property("caravan.recordings.poll-interval", "300ms")
                .prepareNodes(nodes -> nodes.get(1).addRecording("acme~physics", "node-only-physics", true, Map.of(),
                        T0 + 60_000))
                .start();
        caravan.awaitPolls(2);
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static Xml call(CaravanUnderTest on, String host, String secret, String call, String query) {
        BbbClient client = new BbbClient(on.apiUrl(), secret);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.url(call, query))).GET();
        if (host != null) {
            request.header("X-Forwarded-Host", host);
        }
        return Xml.parse(client.send(request).body());
    }

    private static Xml acme(String call, String query) {
        return call(caravan, "acme.example.org", "acme-secret", call, query);
    }

    private static Element recording(Xml answer, String recordID) {
        for (Element r : children(answer.root().getElementsByTagName("recordings").item(0))) {
            if (recordID.equals(r.getElementsByTagName("recordID").item(0).getTextContent())) {
                return r;
            }
        }
        throw new AssertionError(recordID + " not listed");
    }

    private static List<Element> children(Node parent) {
        List<Element> children = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            }
        }
        return children;
    }

    private static String child(Element parent, String name) {
        return children(parent).stream().filter(e -> e.getTagName().equals(name)).findFirst()
                .map(Node::getTextContent).orElse(null);
    }

    @Test
    void keptRecordingsAreListedBesideTheNodesOnesWithCaravansPlaybackUrls() throws Exception {
        String recordId = "c1b2c3d4e5f60718293a4b5c6d7e8f9012345678-1760000000000";
        PublishedRecordings node = new PublishedRecordings(published);
        node.publish(recordId, "acme~physics", T0, "presentation", "video");
        assertEquals(0, node.upload(caravan, recordId, 0).exitCode());

        Xml listed = acme("getRecordings", "meetingID=physics");
        assertEquals("SUCCESS", listed.returncode());
        assertEquals(List.of(recordId, "node-only-physics"), listed.texts("recordID"), "oldest first, both kinds");
        Element kept = recording(listed, recordId);
        assertEquals("physics", child(kept, "meetingID"), "the meetingID acme's clients know");
        assertEquals("published", child(kept, "state"));
        assertEquals(String.valueOf(T0), child(kept, "startTime"));
        Element playback = children(kept).stream().filter(e -> e.getTagName().equals("playback")).findFirst()
                .orElseThrow();
        List<String> urls = children(playback).stream().map(f -> child(f, "url")).sorted().toList();
        assertEquals(List.of("http://acme.example.org/playback/presentation/2.3/" + recordId,
                "http://acme.example.org/playback/video/" + recordId + "/"), urls, "Caravan's playback URLs");
        NodeList images = kept.getElementsByTagName("image");
        assertEquals(1, images.getLength(), "the presentation's preview image");
        assertEquals("http://acme.example.org/presentation/" + recordId + "/" + TestRecordings.SLIDES
                + "/thumbnails/thumb-1.png", images.item(0).getTextContent(), "preview images on Caravan's host");

        // bbb-web's layout: the kept recording has the elements, in the order, of the node's (the emulator's)
        assertEquals(names(recording(listed, "node-only-physics")), names(kept));

        Xml page = acme("getRecordings", "meetingID=physics&offset=1&limit=1");
        assertEquals(List.of("node-only-physics"), page.texts("recordID"));
        assertEquals("2", page.text("totalElements"));

        assertFalse(call(caravan, "beta.example.org", "beta-secret", "getRecordings", "").texts("recordID")
                .contains(recordId), "another tenant does not see it");
    }

    private static List<String> names(Element recording) {
        return children(recording).stream().map(Element::getTagName).toList();
    }

    @Test
    void publishUpdateAndDeleteChangeKeptRecordings() throws Exception {
        String recordId = "d1b2c3d4e5f60718293a4b5c6d7e8f9012345678-1760000000000";
        PublishedRecordings node = new PublishedRecordings(published);
        node.publish(recordId, "acme~chemistry", T0 + 1000, "presentation");
        assertEquals(0, node.upload(caravan, recordId, 0).exitCode());
        // the node still has its copy, which the index learns; the kept one is what clients see, whatever the filter
        caravan.node(0).addRecording("acme~chemistry", recordId, true, Map.of(), T0 + 1000);
        caravan.awaitPolls(2);
        CaravanUnderTest.await(() -> caravan.bean("recordingIndex", RecordingIndex.class).get(recordId).isPresent(),
                "the node's copy indexed");

        Xml unpublished = acme("publishRecordings", "recordID=" + recordId + "&publish=false");
        assertEquals("SUCCESS", unpublished.returncode());
        assertEquals("false", unpublished.text("published"));
        Element listed = recording(acme("getRecordings", "meetingID=chemistry"), recordId);
        assertEquals("unpublished", child(listed, "state"));
        assertEquals("false", child(listed, "published"));
        assertEquals(List.of(), acme("getRecordings", "meetingID=chemistry&state=published").texts("recordID"));
        assertEquals("true", acme("publishRecordings", "recordID=" + recordId + "&publish=true").text("published"));

        Xml updated = acme("updateRecordings", "recordID=" + recordId + "&meta_course=chem-101&protect=true");
        assertEquals("SUCCESS", updated.returncode());
        assertEquals("true", updated.text("updated"));
        Xml byMeta = acme("getRecordings", "meta_course=chem-1%25");
        assertEquals(List.of(recordId), byMeta.texts("recordID"), "found by its new metadata");
        assertEquals("true", child(recording(byMeta, recordId), "protected"));

        Xml foreign = call(caravan, "beta.example.org", "beta-secret", "deleteRecordings", "recordID=" + recordId);
        assertEquals("notFound", foreign.messageKey(), "another tenant cannot delete it");

        Xml deleted = acme("deleteRecordings", "recordID=" + recordId);
        assertEquals("SUCCESS", deleted.returncode());
        assertEquals("true", deleted.text("deleted"));
        assertEquals(List.of(), acme("getRecordings", "meetingID=chemistry").texts("recordID"));
        assertFalse(Files.exists(caravan.dataDir().resolve("recordings/acme/" + recordId)), "its files are gone");
        assertEquals("notFound", acme("deleteRecordings", "recordID=" + recordId).messageKey());
    }

    @Test
    void aRemovedNodesKeptRecordingsStayListedAcrossRestarts() throws Exception {
        String recordId = "e1b2c3d4e5f60718293a4b5c6d7e8f9012345678-1760000000000";
        try (CaravanUnderTest own = CaravanUnderTest.builder().nodes(2).clustersYaml(TENANTS).adminApi().start()) {
            PublishedRecordings node = new PublishedRecordings(published);
            node.publish(recordId, "acme~biology", T0, "presentation");
            assertEquals(0, node.upload(own, recordId, 1).exitCode());
            AdminHttp admin = new AdminHttp(own.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
            assertEquals(200, admin.send("DELETE", "/nodes/bbb2", null).status());
            own.node(1).close();

            assertEquals(List.of(recordId), call(own, "acme.example.org", "acme-secret", "getRecordings",
                    "meetingID=biology").texts("recordID"), "listed without the node that recorded it");
            assertPlayable(own, recordId);
            own.restart();
            assertEquals(List.of(recordId), call(own, "acme.example.org", "acme-secret", "getRecordings",
                    "meetingID=biology").texts("recordID"), "and after a restart");
            assertPlayable(own, recordId);
        }
    }

    /** The presentation's webcams video, whole and a range of it, from Caravan's storage. */
    private static void assertPlayable(CaravanUnderTest on, String recordId) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI webcams = URI.create(on.baseUrl() + "/presentation/" + recordId + "/video/webcams.webm");
        HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(webcams).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, whole.statusCode());
        assertArrayEquals(PublishedRecordings.webcams(), whole.body());
        HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(webcams).header("Range", "bytes=10-19").GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(PublishedRecordings.webcams(), 10, 20), range.body());
    }
}
