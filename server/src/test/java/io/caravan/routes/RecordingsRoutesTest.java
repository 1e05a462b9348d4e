package io.caravan.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import io.caravan.inventory.Node;
import org.junit.jupiter.api.Test;

/** routes/recordings.camel.yaml: the index's poll of a node, and the recording calls answered from it. */
class RecordingsRoutesTest extends RouteTestSupport {

    @Test
    void aPolledRecordingIsListedAndItsChangeReachesItsNode() {
        node(1).addRecording("route-recorded", "route-rec-1", false, Map.of("course", "maths"));
        Node bbb2 = registry().node("bbb2").orElseThrow();
        template.sendBody("direct:poll-recordings-node", bbb2);

        HttpResponse<String> listed = client().get("getRecordings", "meetingID=route-recorded");
        assertTrue(listed.body().contains("<recordID>route-rec-1</recordID>"), listed.body());
        assertTrue(listed.body().contains("<published>false</published>"), listed.body());

        HttpResponse<String> published = client().get("publishRecordings", "recordID=route-rec-1&publish=true");
        assertTrue(published.body().contains("<published>true</published>"), published.body());
        assertEquals("published", node(1).recordingState("route-rec-1"));
    }

    @Test
    void aRecordingCallWithoutItsParameterIsRefusedBeforeAnyNodeIsAsked() {
        nodes().forEach(node -> node.clearCalls());
        HttpResponse<String> answer = client().get("publishRecordings", "publish=true");
        assertTrue(answer.body().contains("<messageKey>missingParamRecordID</messageKey>"), answer.body());
        nodes().forEach(node -> assertTrue(node.calls("publishRecordings").isEmpty()));
    }

    @Test
    void anUploadWithoutTheNodesCredentialIsRefusedBeforeItsBodyIsRead() {
        HttpResponse<String> answer = http("POST", "/recordings/upload", null);
        assertEquals(401, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("credential"), answer.body());
        assertEquals(401, http("POST", "/recordings/upload", "bbb1:0000").statusCode(), "a wrong credential");
    }
}
