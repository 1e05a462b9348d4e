package io.caravan.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.inventory.NodeState;
import io.caravan.support.AdminHttp;
import org.junit.jupiter.api.Test;

/** routes/admin.camel.yaml: the admin API's gate, its refusals, node operations and the erase of recordings. */
class AdminRoutesTest extends RouteTestSupport {

    @Test
    void theTokenGateRefusesFirst() {
        AdminHttp.Answer none = new AdminHttp(baseUrl(), "").get("/nodes");
        assertEquals(401, none.status());
        assertTrue(none.error().contains("bearer token"), none.body());
        assertEquals(401, new AdminHttp(baseUrl(), "wrong").get("/nodes").status());
    }

    @Test
    void nodesAreListedWithoutTheirSecrets() {
        AdminHttp.Answer nodes = admin().get("/nodes");
        assertEquals(200, nodes.status(), nodes.body());
        assertEquals(2, nodes.json().path("nodes").size(), nodes.body());
        assertFalse(nodes.body().contains(NODE_SECRET), "no secret in the answer");
    }

    @Test
    void cordonAndEnableChangeTheNodesState() {
        assertEquals(200, admin().post("/nodes/bbb2/cordon", "").status());
        assertEquals(NodeState.CORDONED, registry().node("bbb2").orElseThrow().state());
        assertEquals(200, admin().post("/nodes/bbb2/enable", "").status());
        assertEquals(NodeState.ENABLED, registry().node("bbb2").orElseThrow().state());
    }

    @Test
    void refusalsAreJsonWithTheirStatus() {
        AdminHttp.Answer unknown = admin().post("/nodes/ghost/cordon", "");
        assertEquals(404, unknown.status(), unknown.body());
        assertTrue(unknown.error().contains("ghost"), unknown.body());
        AdminHttp.Answer wrongMethod = admin().post("/meetings", "{}");
        assertEquals(405, wrongMethod.status(), wrongMethod.body());
        AdminHttp.Answer badBody = admin().post("/nodes", "not json");
        assertEquals(400, badBody.status(), badBody.body());
    }

    @Test
    void anEraseDeletesAMeetingsRecordingsFromTheirNodesAndNothingElse() {
        node(0).addRecording("erased-lecture", "rec-erase-1", true, java.util.Map.of());
        node(1).addRecording("erased-lecture", "rec-erase-2", false, java.util.Map.of());
        node(1).addRecording("kept-lecture", "rec-kept", true, java.util.Map.of());

        AdminHttp.Answer erased = admin().send("DELETE", "/recordings?meetingID=erased-lecture", null);

        assertEquals(200, erased.status(), erased.body());
        assertEquals(2, erased.json().path("deleted").size(), erased.body());
        assertEquals(0, erased.json().path("notDeleted").size(), erased.body());
        assertFalse(node(0).hasRecording("rec-erase-1"));
        assertFalse(node(1).hasRecording("rec-erase-2"));
        assertTrue(node(1).hasRecording("rec-kept"));
    }

    @Test
    void anEraseMustNameWhatToErase() {
        AdminHttp.Answer vague = admin().send("DELETE", "/recordings", null);
        assertEquals(400, vague.status(), vague.body());
        AdminHttp.Answer misspelt = admin().send("DELETE", "/recordings?tenant=acme&meetingId=x", null);
        assertEquals(400, misspelt.status(), misspelt.body());
        assertTrue(misspelt.error().contains("meetingId"), misspelt.body());
        AdminHttp.Answer unknown = admin().send("DELETE", "/recordings?tenant=nobody", null);
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals(405, admin().post("/recordings", "{}").status());
    }

    @Test
    void stateChangesAreEventsAndTheNodesHistoryIsServed() {
        assertEquals(200, admin().post("/nodes/bbb1/disable", "").status());
        assertEquals(200, admin().post("/nodes/bbb1/enable", "").status());
        AdminHttp.Answer events = admin().get("/events");
        assertEquals(200, events.status(), events.body());
        assertTrue(events.body().contains("now disabled") && events.body().contains("now enabled"), events.body());
        long newest = events.json().path("events").path(0).path("id").asLong();
        assertEquals(0, admin().get("/events?after=" + newest).json().path("events").size());
        assertEquals(400, admin().get("/events?after=yesterday").status());

        AdminHttp.Answer history = admin().get("/history");
        assertEquals(200, history.status(), history.body());
        assertEquals(2, history.json().path("nodes").size(), history.body());
        assertEquals("bbb1", history.json().path("nodes").path(0).path("name").asText());
        assertEquals(405, admin().post("/history", "{}").status());
    }
}
