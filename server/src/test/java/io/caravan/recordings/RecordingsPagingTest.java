package io.caravan.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The recordings index polled page by page, getRecordings answered oldest first with bbb-web's offset/limit paging,
 * and playback URLs rewritten to caravan.recordings.playback-host.
 */
@Tag("end-to-end")
class RecordingsPagingTest {

    /** Oldest first: node 0 pages like bbb-web 2.6+, node 1 is an older bbb-web that ignores offset and limit. */
    private static final List<String> ALL = List.of("rec-1", "rec-2", "rec-3", "rec-4", "rec-5", "rec-6", "rec-7",
            "rec-8");

    private static CaravanUnderTest caravan;
    private static BbbClient client;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(2)
                .property("caravan.recordings.poll-interval", "300ms")
                .property("caravan.recordings.page-size", "2")
                .property("caravan.recordings.playback-host", "https://rec.example.org")
                .prepareNodes(nodes -> {
                    for (int i : new int[] {1, 3, 5, 7, 8}) {
                        nodes.get(0).addRecording("room-" + i, "rec-" + i, true, Map.of(), 1_700_000_000_000L + i);
                    }
                    nodes.get(1).paging(false);
                    // added newest first: the answer's order must not depend on a node's own order
                    for (int i : new int[] {6, 4, 2}) {
                        nodes.get(1).addRecording("room-" + i, "rec-" + i, true, Map.of(), 1_700_000_000_000L + i);
                    }
                })
                .start();
        client = caravan.client();
        CaravanUnderTest.await(() -> list("").texts("recordID").size() == ALL.size(), "every recording indexed");
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static Xml list(String query) {
        return Xml.parse(client.get("getRecordings", query).body());
    }

    @Test
    void nodesArePolledPageByPageAndANodeThatDoesNotPageIsAskedOnce() {
        List<String> pages = caravan.node(0).calls("getRecordings").stream().map(c -> c.rawQuery()).toList();
        assertTrue(pages.stream().anyMatch(q -> q.startsWith("state=any&offset=0&limit=2&")), pages.toString());
        assertTrue(pages.stream().anyMatch(q -> q.startsWith("state=any&offset=2&limit=2&")), pages.toString());
        assertTrue(pages.stream().anyMatch(q -> q.startsWith("state=any&offset=4&limit=2&")), pages.toString());
        assertTrue(pages.stream().noneMatch(q -> q.startsWith("state=any&offset=6&")), pages.toString());
        List<String> unpaged = caravan.node(1).calls("getRecordings").stream().map(c -> c.rawQuery()).toList();
        assertTrue(unpaged.stream().allMatch(q -> q.startsWith("state=any&offset=0&limit=2&")), unpaged.toString());
    }

    @Test
    void recordingsOfAllNodesAreListedOldestFirst() {
        assertEquals(ALL, list("").texts("recordID"));
        assertEquals(List.of("rec-2", "rec-5", "rec-6"), list("meetingID=room-6,room-2,room-5").texts("recordID"));
    }

    @Test
    void offsetAndLimitPageAsBbbWebDoes() {
        Xml page = list("offset=2&limit=3");
        assertEquals(List.of("rec-3", "rec-4", "rec-5"), page.texts("recordID"));
        assertEquals("8", page.text("totalElements"));
        assertEquals("totalElements", lastChild(page));
        assertEquals(List.of("rec-1"), list("limit=0").texts("recordID"));
        assertEquals(ALL, list("limit=500").texts("recordID"));
        assertEquals(List.of("rec-1", "rec-2"), list("offset=-3&limit=2").texts("recordID"));
        Xml beyond = list("offset=20&limit=2");
        assertEquals("SUCCESS", beyond.returncode());
        assertEquals("noRecordings", beyond.messageKey());
        assertEquals("8", beyond.text("totalElements"));
        // without a limit bbb-web does not page: offset is ignored and no totalElements is added
        Xml unpaged = list("offset=3");
        assertEquals(ALL, unpaged.texts("recordID"));
        assertNull(unpaged.text("totalElements"));
        assertEquals(ALL, list("limit=ten").texts("recordID"));
        assertEquals(List.of("rec-7"), list("state=published&offset=6&limit=1").texts("recordID"));
    }

    @Test
    void playbackAndPreviewUrlsPointAtThePlaybackHost() {
        Xml answer = list("recordID=rec-3");
        assertEquals(List.of("https://rec.example.org/playback/presentation/2.3/rec-3"), answer.texts("url"));
        assertEquals(List.of("https://rec.example.org/presentation/rec-3/presentation/slides/thumbnails/thumb-1.png"),
                answer.texts("image"));
    }

    private static String lastChild(Xml answer) {
        org.w3c.dom.Node last = answer.root().getLastChild();
        while (!(last instanceof org.w3c.dom.Element)) {
            last = last.getPreviousSibling();
        }
        return ((org.w3c.dom.Element) last).getTagName();
    }
}
