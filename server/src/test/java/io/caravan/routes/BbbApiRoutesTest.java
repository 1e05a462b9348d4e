package io.caravan.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import io.caravan.emulator.EmulatedNode;
import org.junit.jupiter.api.Test;

/** routes/bbb-api.camel.yaml: the pipeline, its refusals, and one branch per call. */
class BbbApiRoutesTest extends RouteTestSupport {

    @Test
    void theVersionDocumentNeedsNoChecksum() {
        HttpResponse<String> answer = client().getUrl(baseUrl() + "/bigbluebutton/api");
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("<returncode>SUCCESS</returncode>"), answer.body());
        assertTrue(answer.body().contains("<apiVersion>"), answer.body());
    }

    @Test
    void createPlacesTheMeetingOnANodeAndLaterCallsFollowIt() {
        HttpResponse<String> created = client().get("create", "name=Route+test&meetingID=route-create");
        assertTrue(created.body().contains("<returncode>SUCCESS</returncode>"), created.body());
        EmulatedNode host = nodes().stream().filter(node -> node.hasMeeting("route-create")).findFirst()
                .orElseThrow(() -> new AssertionError("no node has the meeting"));

        HttpResponse<String> info = client().get("getMeetingInfo", "meetingID=route-create");
        assertTrue(info.body().contains("<meetingID>route-create</meetingID>"), info.body());
        assertEquals(1, host.calls("getMeetingInfo").size(), "getMeetingInfo went to the meeting's node");

        HttpResponse<String> join = client().get("join", "meetingID=route-create&fullName=Ada&role=MODERATOR");
        assertEquals(302, join.statusCode());
        assertTrue(join.headers().firstValue("Location").orElseThrow().startsWith(
                host.baseUrl() + "/join?"), join.headers().toString());
    }

    @Test
    void aRefusedChecksumIsAnsweredByTheRefusalFilter() {
        HttpResponse<String> answer = client().getUrl(baseUrl()
                + "/bigbluebutton/api/getMeetings?checksum=0000000000000000000000000000000000000000");
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("<messageKey>checksumError</messageKey>"), answer.body());
        nodes().forEach(node -> assertTrue(node.calls("getMeetings").stream()
                .noneMatch(call -> call.rawQuery().contains("0000000000")), "nothing was forwarded"));
    }

    @Test
    void bbbWebsValidationRefusesAJoinWithoutFullName() {
        HttpResponse<String> answer = client().get("join", "meetingID=route-create&role=MODERATOR");
        // join errors are a redirect with bbb-web's errors (no errorRedirectUrl or logoutURL: Caravan's default)
        assertEquals(302, answer.statusCode());
        assertTrue(answer.headers().firstValue("Location").orElseThrow().contains("missingParamFullName"),
                answer.headers().toString());
    }

    @Test
    void anUnknownCallIsUnsupported() {
        HttpResponse<String> answer = client().get("noSuchCall", "");
        assertTrue(answer.body().contains("<messageKey>unsupportedRequest</messageKey>"), answer.body());
    }

    @Test
    void getMeetingsMergesTheNodes() {
        client().get("create", "name=One&meetingID=route-list-1");
        client().get("create", "name=Two&meetingID=route-list-2");
        HttpResponse<String> answer = client().get("getMeetings", "");
        assertTrue(answer.body().contains("<meetingID>route-list-1</meetingID>"), answer.body());
        assertTrue(answer.body().contains("<meetingID>route-list-2</meetingID>"), answer.body());
    }

    @Test
    void internalHeadersNeverReachTheClient() {
        HttpResponse<String> answer = client().get("getMeetings", "");
        answer.headers().map().keySet().forEach(name -> assertTrue(!name.toLowerCase().startsWith("camel")
                && !name.equalsIgnoreCase("checksum"), "header " + name + " leaked"));
    }
}
