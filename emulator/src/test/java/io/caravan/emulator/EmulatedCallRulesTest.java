package io.caravan.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.caravan.emulator.EmulatorHttp.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sendChatMessage, insertDocument (with disabledFeatures), getJoinUrl and the recording calls' own rules, one test
 * each. Sources: bigbluebutton-web .../controllers/ApiController.groovy and RecordingController.groovy, and the
 * bbb-common-web classes named per test; docs/BBB-WEB-RULES.md §3 and §4.
 */
@Tag("end-to-end")
class EmulatedCallRulesTest extends EmulatedRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        startNode("bbb-calls", "call-rules-secret");
    }

    // model/request/SendChatMessage.java: message @NotNull (nullError) and @Size(1..500) (sizeError), userName
    // at most 255 (sizeError)
    @Test
    void aChatMessageMustBeOneTo500Characters() throws Exception {
        http.create("chat", "");
        node.addAttendees("chat", 1);

        assertEquals("nullError", messageKey(http.get("sendChatMessage", "meetingID=chat")));
        assertEquals("sizeError", messageKey(http.get("sendChatMessage", "meetingID=chat&message=")));
        assertEquals("Param message must be between 1 and 500 characters",
                text(http.get("sendChatMessage", "meetingID=chat&message=" + "x".repeat(501)).body(),
                        "/response/message"));
        assertEquals("Param userName must not exceed 255 characters",
                text(http.get("sendChatMessage", "meetingID=chat&message=hi&userName=" + "u".repeat(256)).body(),
                        "/response/message"));
    }

    // ApiController.groovy sendChatMessage: a meeting nobody has joined is not running, so meetingNotFound
    @Test
    void aChatMessageToAMeetingWithNobodyInItIsMeetingNotFound() throws Exception {
        http.create("empty-room", "");

        String refused = http.get("sendChatMessage", "meetingID=empty-room&message=hi").body();
        node.addAttendees("empty-room", 1);
        String sent = http.get("sendChatMessage", "meetingID=empty-room&message=hi").body();

        assertEquals("meetingNotFound", text(refused, "/response/messageKey"));
        assertEquals("Meeting not found", text(refused, "/response/message"));
        FixtureShapes.assertSameShape(EmulatorHttp.fixture("sendChatMessage_success_apiphp.xml"), sent);
    }

    // the chat log is the emulator's own instrument: what a meeting's public chat received, as bbb-web sanitised it
    @Test
    void aMeetingsChatLogKeepsEveryMessageItReceivedAfterItEnds() throws Exception {
        http.create("chat-log", "");
        node.addAttendees("chat-log", 2);

        http.get("sendChatMessage", "meetingID=chat-log&message=" + EmulatorHttp.encode("  Restart at 22:00 "));
        http.get("sendChatMessage", "meetingID=chat-log&message=again&userName=Ops");
        http.get("sendChatMessage", "meetingID=chat-log&message=" + "x".repeat(501)); // refused: not logged
        http.get("end", "meetingID=chat-log");

        assertEquals(List.of(new ChatMessage("System", "Restart at 22:00"), new ChatMessage("Ops", "again")),
                node.chat("chat-log"));
        assertEquals(List.of(), node.chat("no-such-meeting"));
        java.net.http.HttpResponse<String> log = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + node.port()
                        + "/emulator/control/chat?meetingID=chat-log")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode messages = JSON.readTree(log.body()).path("messages");
        assertEquals(2, messages.size(), log.body());
        assertEquals("Restart at 22:00", messages.get(0).path("message").asText());
        assertEquals("Ops", messages.get(1).path("userName").asText());
    }

    // ApiController.groovy insertDocument/uploadDocuments: "presentation" in disabledFeatures refuses the upload,
    // unless disabledFeaturesExclude takes it back out (ParamsProcessorUtil#processCreateParams)
    @Test
    void insertDocumentIsRefusedWhenPresentationIsDisabled() throws Exception {
        http.create("no-slides", "&disabledFeatures=" + EmulatorHttp.encode("chat,presentation"));
        http.create("slides", "");
        http.create("slides-back", "&disabledFeatures=" + EmulatorHttp.encode("chat,presentation")
                + "&disabledFeaturesExclude=presentation");
        String body = EmulatorHttp.fixture("requests/insertDocument_body_options.xml");

        String disabled = http.post("insertDocument", "meetingID=no-slides", "application/xml", body).body();
        String enabled = http.post("insertDocument", "meetingID=slides", "application/xml", body).body();

        assertEquals("FAILED", text(disabled, "/response/returncode"));
        assertEquals("Presentation feature is disabled, ignoring.", text(disabled, "/response/message"));
        assertEquals("Presentation is being uploaded", text(enabled, "/response/message"));
        assertEquals("Presentation is being uploaded", text(http.post("insertDocument", "meetingID=slides-back",
                "application/xml", body).body(), "/response/message"));
    }

    // ApiController.groovy insertDocument: malformed XML is malformedXml; a body without a presentation module
    // and an unknown meeting are FAILED documents without messageKey
    @Test
    void insertDocumentRefusesBadBodiesAndUnknownMeetings() throws Exception {
        http.create("docs", "");

        String malformed = http.post("insertDocument", "meetingID=docs", "application/xml", "<modules>").body();
        String empty = http.post("insertDocument", "meetingID=docs", "application/xml", "<modules/>").body();
        String unknown = http.post("insertDocument", "meetingID=nowhere", "application/xml", "<modules/>").body();

        assertEquals("malformedXml", text(malformed, "/response/messageKey"));
        assertEquals("Request body must contain a presentation module with at least one document.",
                text(empty, "/response/message"));
        assertEquals("Meeting with id [nowhere] not found.", text(unknown, "/response/message"));
        assertEquals(0.0, EmulatorHttp.number(unknown, "count(/response/messageKey)"));
    }

    // model/constraint/UserSessionConstraint.java and ApiController.groovy getJoinUrl: the session token is checked,
    // then the HTTP session, which a load balancer never has unless the meeting allows requests without one
    @Test
    void getJoinUrlNeedsAKnownSessionAndAllowRequestsWithoutSession() throws Exception {
        http.create("strict", "");
        http.create("lenient", "&allowRequestsWithoutSession=true");
        String strict = token(http.get("join", "meetingID=strict&fullName=S&role=viewer&redirect=false").body());
        String lenient = token(http.get("join", "meetingID=lenient&fullName=" + EmulatorHttp.encode("Lee 1")
                + "&role=moderator&redirect=false").body());

        assertEquals("You must provide a session token", message(http.get("getJoinUrl", "")));
        assertEquals("Invalid session token", message(http.get("getJoinUrl", "sessionToken=nope")));
        assertEquals("Invalid Session", message(http.get("getJoinUrl", "sessionToken=" + strict)));
        JsonNode granted = JSON.readTree(http.get("getJoinUrl", "sessionToken=" + lenient).body()).path("response");

        assertEquals("SUCCESS", granted.path("returncode").asText());
        String url = granted.path("url").asText();
        assertTrue(url.contains("fullName=Lee%2B1"), url);
        // the URL is signed like any join: following it joins the same user again
        HttpResponse<String> followed = http.send(HttpRequest.newBuilder(URI.create(url)).GET());
        assertEquals(302, followed.statusCode());
        assertTrue(followed.headers().firstValue("Location").orElseThrow().contains("sessionToken="));
    }

    // RecordingController.groovy publishRecordings: missingParamPublish, notFound, then the given value echoed
    @Test
    void publishRecordingsNeedsAPublishValueAndAKnownRecording() throws Exception {
        String id = node.addRecording("recorded", null, true, Map.of());

        String noPublish = http.get("publishRecordings", "recordID=" + id).body();
        String unknown = http.get("publishRecordings", "recordID=nope&publish=false").body();
        String done = http.get("publishRecordings", "recordID=" + id + "&publish=FALSE").body();

        assertEquals("missingParamPublish", text(noPublish, "/response/messageKey"));
        assertEquals("You must specify a publish value true or false.", text(noPublish, "/response/message"));
        assertEquals("We could not find recordings", text(unknown, "/response/message"));
        assertEquals("FALSE", text(done, "/response/published"));
        assertEquals("unpublished", node.recordingState(id));
    }

    // RecordingController.groovy putRecordingTextTrack: the recording is looked up before kind and lang; lang is a
    // language tag (the API documentation's en-US, pt-BR: docs_getRecordingTextTracks_success.json) or the
    // underscore form, anything else is invalidLang
    @Test
    void putRecordingTextTrackChecksRecordingKindAndLangInThatOrder() throws Exception {
        String id = node.addRecording("captioned", null, true, Map.of());

        assertEquals("noRecordings", key(upload("recordID=nope&kind=bogus&lang=en_US")));
        assertEquals("Invalid kind parameter, expected='subtitles|captions' actual=bogus",
                JSON.readTree(upload("recordID=" + id + "&kind=bogus&lang=en_US")).path("response").path("message")
                        .asText());
        assertEquals("invalidLang", key(upload("recordID=" + id + "&kind=captions&lang=english%20please")));
        assertEquals("upload_text_track_success", key(upload("recordID=" + id + "&kind=captions&lang=en-US")));
        assertEquals("upload_text_track_success", key(upload("recordID=" + id + "&kind=captions&lang=pt_BR")));
        assertEquals(List.of("captions en-US English", "captions pt-BR Portuguese"), node.textTracks(id));
    }

    private static String upload(String query) throws Exception {
        String boundary = "----RulesBoundary";
        String part = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.vtt\"\r\n"
                + "Content-Type: text/vtt\r\n\r\nWEBVTT\n\r\n--" + boundary + "--\r\n";
        byte[] body = part.getBytes(StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/putRecordingTextTrack?"
                        + http.signed("putRecordingTextTrack", query)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))).body();
    }

    private static String key(String json) throws Exception {
        return JSON.readTree(json).path("response").path("messageKey").asText();
    }

    private static String token(String joinXml) throws Exception {
        return text(joinXml, "/response/session_token");
    }

    private static String message(HttpResponse<String> response) throws Exception {
        JsonNode answer = JSON.readTree(response.body()).path("response");
        assertEquals("FAILED", answer.path("returncode").asText(), response.body());
        return answer.path("message").asText();
    }

    private static String messageKey(HttpResponse<String> response) throws Exception {
        return text(response.body(), "/response/messageKey");
    }
}
