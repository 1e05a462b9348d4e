package io.caravan.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.support.AdminHttp;
import io.caravan.support.AdminHttp.Answer;
import io.caravan.support.CaravanUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Recordings for operators: GET /admin/api/recordings lists the recordings index with filters and paging, the node
 * view counts each node's recordings, and /metrics has a gauge of them. Two tenants' recordings are on the nodes.
 */
@Tag("end-to-end")
class RecordingAdminTest {

    private static CaravanUnderTest caravan;
    private static AdminHttp admin;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(3).adminApi().clustersYaml("""
                tenants:
                  - name: north
                    secrets: [north-secret]
                  - name: south
                    secrets: [south-secret]
                """).prepareNodes(nodes -> {
                    nodes.get(0).addRecording("north~lecture", "rec-n-1", true, Map.of("course", "math"),
                            1_700_000_000_000L);
                    nodes.get(0).addRecording("north~lecture", "rec-n-2", false, Map.of(), 1_700_000_100_000L);
                    nodes.get(1).addRecording("south~seminar", "rec-s-1", true, Map.of(), 1_700_000_200_000L);
                    nodes.get(1).addRecording("untenanted", "rec-u-1", true, Map.of(), 1_700_000_300_000L);
                }).start();
        admin = new AdminHttp(caravan.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
        CaravanUnderTest.await(() -> admin.get("/recordings").json().path("total").asInt() == 4,
                "four recordings indexed");
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static String metrics() {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(caravan.baseUrl() + "/metrics"))
                    .header("Authorization", "Bearer " + CaravanUnderTest.ADMIN_TOKEN).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> ids(Answer answer) {
        assertEquals(200, answer.status(), answer.body());
        List<String> ids = new ArrayList<>();
        answer.json().path("recordings").forEach(r -> ids.add(r.path("recordID").asText()));
        return ids;
    }

    @Test
    void listsEveryRecordingWithItsNodeOldestFirst() {
        Answer all = admin.get("/recordings");
        assertEquals(List.of("rec-n-1", "rec-n-2", "rec-s-1", "rec-u-1"), ids(all));
        JsonNode first = all.json().path("recordings").get(0);
        assertEquals("north~lecture", first.path("meetingID").asText());
        assertEquals("north", first.path("tenant").asText());
        assertEquals("bbb1", first.path("node").asText());
        assertTrue(first.path("nodeOnline").asBoolean());
        assertEquals("published", first.path("state").asText());
        assertEquals("2023-11-14T22:13:20Z", first.path("startTime").asText());
        assertEquals("math", first.path("metadata").path("course").asText());
        assertTrue(all.json().path("recordings").get(3).path("tenant").isNull(), "no tenant owns it");
        assertEquals(4, all.json().path("total").asInt());
        assertFalse(all.body().contains("secret"), "no secret of a node or tenant in the answer");
    }

    @Test
    void filtersByNodeMeetingTenantAndState() {
        assertEquals(List.of("rec-s-1", "rec-u-1"), ids(admin.get("/recordings?node=bbb2")));
        assertEquals(List.of(), ids(admin.get("/recordings?node=bbb3")));
        assertEquals(List.of("rec-n-1", "rec-n-2"), ids(admin.get("/recordings?meetingID=north~lecture")));
        assertEquals(List.of("rec-s-1"), ids(admin.get("/recordings?tenant=south")));
        assertEquals(List.of("rec-n-2"), ids(admin.get("/recordings?state=unpublished")));
        assertEquals(List.of("rec-n-1"), ids(admin.get("/recordings?tenant=north&state=published")));
    }

    @Test
    void pagesWithOffsetAndLimit() {
        Answer page = admin.get("/recordings?offset=1&limit=2");
        assertEquals(List.of("rec-n-2", "rec-s-1"), ids(page));
        assertEquals(4, page.json().path("total").asInt());
        assertEquals(1, page.json().path("offset").asInt());
        assertEquals(2, page.json().path("limit").asInt());
        assertEquals(List.of(), ids(admin.get("/recordings?offset=10")));
    }

    @Test
    void badFiltersAreClearJsonErrors() {
        Answer unknownNode = admin.get("/recordings?node=nope");
        assertEquals(404, unknownNode.status());
        assertEquals("unknown node 'nope'", unknownNode.error());
        Answer unknownTenant = admin.get("/recordings?tenant=nope");
        assertEquals(404, unknownTenant.status());
        assertEquals("unknown tenant 'nope'", unknownTenant.error());
        for (String bad : List.of("limit=0", "limit=1001", "limit=ten", "offset=-1", "offset=x")) {
            Answer answer = admin.get("/recordings?" + bad);
            assertEquals(400, answer.status(), bad);
            assertTrue(answer.error().contains(bad.substring(0, bad.indexOf('='))), answer.error());
        }
        assertEquals(405, admin.post("/recordings", "{}").status());
        assertEquals(401, new AdminHttp(caravan.baseUrl(), "wrong").get("/recordings").status());
    }

    @Test
    void nodesCountTheirRecordingsInTheAdminApiAndTheMetrics() {
        assertEquals(2, admin.get("/nodes/bbb1").json().path("recordings").asInt());
        assertEquals(2, admin.get("/nodes/bbb2").json().path("recordings").asInt());
        assertEquals(0, admin.get("/nodes/bbb3").json().path("recordings").asInt());
        String metrics = metrics();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("caravan_node_recordings{")
                && l.contains("node=\"bbb1\"") && l.endsWith(" 2.0")), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("caravan_node_recordings{")
                && l.contains("node=\"bbb3\"") && l.endsWith(" 0.0")), metrics);
    }
}
