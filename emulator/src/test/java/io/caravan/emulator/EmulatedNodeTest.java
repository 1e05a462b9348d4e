package io.caravan.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.builder.Input;
import org.xmlunit.diff.ComparisonResult;
import org.xmlunit.diff.ComparisonType;
import org.xmlunit.diff.Diff;
import org.xmlunit.diff.DifferenceEvaluators;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Talks real HTTP to started emulated nodes and compares the answers with real bbb-web responses (the fixtures under
 * {@code bbb-api-fixtures}, copied verbatim from the shared fixtures). Shapes are compared structurally: same element names in
 * the same order, values and whitespace ignored.
 */
@Tag("end-to-end")
class EmulatedNodeTest {

    private static final String SECRET = "test-secret-0123456789";

    private static EmulatedNode node;
    private static HttpClient http;

    @BeforeAll
    static void startNode() {
        node = EmulatedNode.start("bbb-test", 0, SECRET);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void resetNode() {
        node.endAllMeetings();
        node.clearCalls();
    }

    // ---- identity and the version root --------------------------------------------------------------------------

    @Test
    void nodeTellsItsAddressesAndListensOnAFreePort() {
        assertTrue(node.port() > 0);
        assertEquals("bbb-test", node.name());
        assertEquals(SECRET, node.secret());
        assertEquals("http://127.0.0.1:" + node.port() + "/bigbluebutton/api", node.baseUrl());
        assertEquals("http://127.0.0.1:" + node.port() + "/emulator/load", node.loadUrl());
    }

    @Test
    void versionRootAnswersWithoutChecksumLikeBbb30() throws Exception {
        for (String url : List.of(node.baseUrl(), node.baseUrl() + "/")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET());
            assertEquals(200, response.statusCode());
            assertEquals("text/xml;charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
            assertSameShape(fixture("api_root_version_bbb3.0.xml"), response.body());
            assertEquals("SUCCESS", text(response.body(), "/response/returncode"));
        }
    }

    // ---- create -------------------------------------------------------------------------------------------------

    @Test
    void createKeepsTheVoiceBridgeAndDialNumberGiven() throws Exception {
        // ParamsProcessorUtil#processTelVoice draws a number only when the create names none
        String xml = api("create", "name=Room+1&meetingID=room-vb&voiceBridge=70123&dialNumber=%2B4930123").body();

        assertEquals("70123", text(xml, "/response/voiceBridge"));
        assertEquals("+4930123", text(xml, "/response/dialNumber"));
        assertEquals("70123", text(api("getMeetingInfo", "meetingID=room-vb").body(), "/response/voiceBridge"));
    }

    @Test
    void createOfNewMeetingAnswersLikeBbbWeb() throws Exception {
        String xml = api("create", "name=Room+1&meetingID=room-1").body();

        assertSameShape(fixture("create_success_new_meeting_marsha.xml"), xml);
        assertEquals("SUCCESS", text(xml, "/response/returncode"));
        assertEquals("room-1", text(xml, "/response/meetingID"));
        assertEquals(sha1Hex("room-1") + "-" + text(xml, "/response/createTime"),
                text(xml, "/response/internalMeetingID"));
        assertFalse(text(xml, "/response/attendeePW").isEmpty());
        assertFalse(text(xml, "/response/moderatorPW").isEmpty());
        assertNotEquals(text(xml, "/response/attendeePW"), text(xml, "/response/moderatorPW"));
        assertTrue(text(xml, "/response/voiceBridge").matches("\\d{5}"));
        assertTrue(text(xml, "/response/createDate").matches("\\w{3} \\w{3} \\d{2} \\d{2}:\\d{2}:\\d{2} UTC \\d{4}"));
        assertEquals("", text(xml, "/response/messageKey"));
        assertTrue(node.hasMeeting("room-1"));
        assertEquals(1, node.meetingCount());
    }

    @Test
    void createOfExistingMeetingWithSameParametersWarnsDuplicate() throws Exception {
        String first = api("create", "meetingID=room-2&name=Room&attendeePW=ap&moderatorPW=mp").body();
        String again = api("create", "meetingID=room-2&name=Room&attendeePW=ap&moderatorPW=mp").body();

        assertSameShape(fixture("create_duplicateWarning.xml"), again);
        assertEquals("SUCCESS", text(again, "/response/returncode"));
        assertEquals("duplicateWarning", text(again, "/response/messageKey"));
        assertEquals(text(first, "/response/internalMeetingID"), text(again, "/response/internalMeetingID"));
        assertEquals("ap", text(again, "/response/attendeePW"));
        assertEquals("mp", text(again, "/response/moderatorPW"));
        assertEquals(1, node.meetingCount());
    }

    @Test
    void createOfExistingMeetingWithOtherPasswordsIsIdNotUnique() throws Exception {
        api("create", "meetingID=room-3&name=Room&attendeePW=ap&moderatorPW=mp");

        String otherAttendeePassword = api("create", "meetingID=room-3&name=Room&attendeePW=other&moderatorPW=mp")
                .body();
        String otherModeratorPassword = api("create", "meetingID=room-3&name=Room&moderatorPW=other").body();

        assertSameShape(fixture("create_idNotUnique.xml"), otherAttendeePassword);
        assertEquals("idNotUnique", text(otherAttendeePassword, "/response/messageKey"));
        assertEquals("idNotUnique", text(otherModeratorPassword, "/response/messageKey"));
        assertEquals(1, node.meetingCount());
    }

    @Test
    void createWithoutMeetingIdIsAnInvalidMeetingId() throws Exception {
        // bbb-web 3.0: validation lets an absent meetingID through, ApiController.create then refuses it
        String xml = api("create", "name=Nameless").body();

        assertSameShape(fixture("error_missingParamMeetingID_b3lb.xml"), xml);
        assertEquals("validationError", text(xml, "/response/messageKey"));
        assertEquals("Invalid meeting ID", text(xml, "/response/message"));
        assertEquals(0, node.meetingCount());
    }

    @Test
    void fiftyConcurrentCreatesOfOneMeetingMakeExactlyOneMeeting() throws Exception {
        String url = node.baseUrl() + "/create?" + signed("create", "name=Busy&meetingID=busy-room",
                ChecksumAlgorithm.SHA256);
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 50)
                .mapToObj(i -> http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString()))
                .toList();

        int created = 0;
        int duplicates = 0;
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            String xml = response.get().body();
            assertEquals("SUCCESS", text(xml, "/response/returncode"));
            String key = text(xml, "/response/messageKey");
            if (key.isEmpty()) {
                created++;
            } else if (key.equals("duplicateWarning")) {
                duplicates++;
            }
        }
        assertEquals(1, created);
        assertEquals(49, duplicates);
        assertEquals(1, node.meetingCount());
        assertEquals(50, node.calls("create").size());
    }

    @Test
    void createKeepsNameRecordMaxParticipantsAndLowerCasedMetadata() throws Exception {
        api("create", "meetingID=kept&name=" + encode("R&D <weekly> \"sync\" 'ü'")
                + "&record=true&maxParticipants=25&meta_bbb-origin=Greenlight&meta_endCallbackUrl="
                + encode("https://lms.example/ended?a=1&b=2"));

        String xml = api("getMeetingInfo", "meetingID=kept").body();
        assertEquals("R&D <weekly> \"sync\" 'ü'", text(xml, "/response/meetingName"));
        assertEquals("true", text(xml, "/response/recording"));
        assertEquals("25", text(xml, "/response/maxUsers"));
        assertEquals("Greenlight", text(xml, "/response/metadata/bbb-origin"));
        assertEquals("https://lms.example/ended?a=1&b=2", text(xml, "/response/metadata/endcallbackurl"));
    }

    @Test
    void createPostRecordsTheXmlBodyByteForByte() throws Exception {
        byte[] modules = fixture("requests/create_body_presentation_url.xml").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/create?"
                        + signed("create", "meetingID=with-slides&name=Slides", ChecksumAlgorithm.SHA1)))
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(modules)));

        assertEquals("SUCCESS", text(response.body(), "/response/returncode"));
        EmulatedNode.ReceivedCall call = node.calls("create").get(0);
        assertEquals("POST", call.method());
        assertEquals("application/xml", call.contentType());
        assertArrayEquals(modules, call.body());
        assertTrue(call.rawQuery().startsWith("meetingID=with-slides&name=Slides&checksum="));
    }

    @Test
    void formBodyParametersCountButOnlyTheQueryIsChecksummed() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/create?"
                        + signed("create", "meetingID=from-form", ChecksumAlgorithm.SHA1)))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString("name=Form+Room&meta_Source=form")));

        assertEquals("SUCCESS", text(response.body(), "/response/returncode"));
        String info = api("getMeetingInfo", "meetingID=from-form").body();
        assertEquals("Form Room", text(info, "/response/meetingName"));
        assertEquals("form", text(info, "/response/metadata/source"));
    }

    // ---- checksums ----------------------------------------------------------------------------------------------

    @Test
    void wrongOrMissingChecksumIsChecksumErrorAndChangesNothing() throws Exception {
        String query = "meetingID=forged";
        String wrongSecret = ChecksumAlgorithm.SHA1.sign("create", query, "not-the-secret");
        String otherCall = ChecksumAlgorithm.SHA1.sign("join", query, SECRET);

        for (String signedQuery : List.of(wrongSecret, otherCall, query, query + "&checksum=abc")) {
            HttpResponse<String> response = get(node.baseUrl() + "/create?" + signedQuery);
            assertEquals(200, response.statusCode());
            assertEquals("text/xml;charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
            assertSameShape(fixture("docs_checksumError.xml"), response.body());
            assertEquals("checksumError", text(response.body(), "/response/messageKey"));
        }
        assertFalse(node.hasMeeting("forged"));
    }

    @Test
    void checksumsFromTheBbbDocsAreAcceptedInSha1AndSha512() throws Exception {
        // the API Security Model example of the BBB docs, with its documented SHA-1 and the SHA-512 of the same input
        String query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444";
        try (EmulatedNode docsNode = EmulatedNode.start("bbb-docs", 0, "639259d4-9dd8-4b25-bf01-95f9567eaf4b")) {
            String sha1 = get(docsNode.baseUrl() + "/create?" + query
                    + "&checksum=1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17").body();
            String sha512 = get(docsNode.baseUrl() + "/create?" + query + "&checksum="
                    + "de73ad61d11a5c801b68d4bd6ec5248546085cefb0b25c85f3c46249ea93a3a4"
                    + "b120f92c0a8a58d7512cb77821884951a3b01245f3435dbbef49fff3cc3988b4").body();

            assertEquals("", text(sha1, "/response/messageKey"));
            assertEquals("duplicateWarning", text(sha512, "/response/messageKey"));
            assertTrue(docsNode.hasMeeting("abc123"));
        }
    }

    @Test
    void everyChecksumAlgorithmIsAccepted() throws Exception {
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            String xml = get(node.baseUrl() + "/getMeetings?" + signed("getMeetings", "", algorithm)).body();
            assertEquals("SUCCESS", text(xml, "/response/returncode"), algorithm.name());
        }
    }

    // ---- join ---------------------------------------------------------------------------------------------------

    @Test
    void joinRedirectsIntoTheClientAndMakesTheMeetingRun() throws Exception {
        api("create", "meetingID=lecture&name=Room&attendeePW=ap&moderatorPW=mp");
        assertEquals("false", text(api("isMeetingRunning", "meetingID=lecture").body(), "/response/running"));

        HttpResponse<String> response = api("join", "meetingID=lecture&fullName=Ada&password=ap");

        assertEquals(302, response.statusCode());
        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.matches(Pattern.quote("http://127.0.0.1:" + node.port()
                + "/html5client/join?sessionToken=") + "[a-z0-9]{16}"), location);
        assertEquals(1, node.attendeeCount());
        assertEquals("true", text(api("isMeetingRunning", "meetingID=lecture").body(), "/response/running"));
        assertEquals("VIEWER", text(api("getMeetingInfo", "meetingID=lecture").body(),
                "/response/attendees/attendee/role"));
    }

    @Test
    void joinWithoutRedirectAnswersXmlWithTheClientUrl() throws Exception {
        String created = api("create", "meetingID=seminar&name=Room").body();

        String xml = api("join", "meetingID=seminar&fullName=" + encode("Grace H") + "&role=MODERATOR&redirect=false")
                .body();

        // the api-php fixture, with bbb-web 3.0's guestStatus (the docs example predates it)
        assertSameShape(fixture("join_redirect_false_success_apiphp.xml"), xml);
        assertEquals("successfullyJoined", text(xml, "/response/messageKey"));
        assertEquals(text(created, "/response/internalMeetingID"), text(xml, "/response/meeting_id"));
        assertTrue(text(xml, "/response/user_id").matches("w_[a-z0-9]{12}"));
        assertEquals("http://127.0.0.1:" + node.port() + "/html5client/join?sessionToken="
                + text(xml, "/response/session_token"), text(xml, "/response/url"));
        String info = api("getMeetingInfo", "meetingID=seminar").body();
        assertEquals("Grace H", text(info, "/response/attendees/attendee/fullName"));
        assertEquals("MODERATOR", text(info, "/response/attendees/attendee/role"));
        assertEquals("1", text(info, "/response/moderatorCount"));
    }

    @Test
    void joinIsRefusedLikeBbbWeb() throws Exception {
        api("create", "meetingID=guarded&name=Room&attendeePW=ap&moderatorPW=mp");

        // role resolution answers XML whatever redirect says; validation failures redirect with the errors
        assertEquals("Params required", messageKey(api("join", "meetingID=guarded&fullName=Eve&password=nope")));
        assertEquals("Params required", messageKey(api("join", "meetingID=guarded&fullName=Eve")));
        assertTrue(redirectLocation(api("join", "meetingID=guarded&fullName=&password=ap"))
                .contains("%22key%22:%22missingParamFullName%22"));
        assertTrue(redirectLocation(api("join", "meetingID=nowhere&fullName=Eve&role=VIEWER"))
                .contains("%22key%22:%22meetingForciblyEnded%22"));
        assertEquals(0, node.attendeeCount());

        assertEquals("successfullyJoined",
                messageKey(api("join", "meetingID=guarded&fullName=Mo&password=mp&redirect=false")));
        assertEquals("MODERATOR", text(api("getMeetingInfo", "meetingID=guarded").body(),
                "/response/attendees/attendee/role"));
    }

    // ---- end, isMeetingRunning, getMeetingInfo, getMeetings ------------------------------------------------------

    @Test
    void endRemovesTheMeeting() throws Exception {
        api("create", "meetingID=closing&name=Room");
        node.addAttendees("closing", 3);

        String xml = api("end", "meetingID=closing").body();

        assertSameShape(fixture("docs_end_success.xml"), xml);
        assertEquals("sentEndMeetingRequest", text(xml, "/response/messageKey"));
        assertFalse(node.hasMeeting("closing"));
        assertEquals(0, node.attendeeCount());
        // MeetingExists and ModeratorPassword both fail for a meeting that is gone; the HashMap reports the latter
        assertEquals("invalidPassword", messageKey(api("end", "meetingID=closing")));
        // without meetingID bbb-web's password validator throws (an HTTP 500): the existence check's notFound instead
        assertEquals("notFound", messageKey(api("end", "")));
    }

    @Test
    void isMeetingRunningOnlyOnceSomeoneJoined() throws Exception {
        String unknown = api("isMeetingRunning", "meetingID=ghost").body();
        assertSameShape(fixture("isMeetingRunning_false_b3lb.xml"), unknown);
        assertEquals("false", text(unknown, "/response/running"));

        api("create", "meetingID=waiting&name=Room");
        assertEquals("false", text(api("isMeetingRunning", "meetingID=waiting").body(), "/response/running"));

        node.addAttendees("waiting", 2);
        String running = api("isMeetingRunning", "meetingID=waiting").body();
        assertSameShape(fixture("isMeetingRunning_true_apiphp.xml"), running);
        assertEquals("true", text(running, "/response/running"));
        assertEquals(2, node.attendeeCount());
    }

    @Test
    void getMeetingInfoWithAnAttendeeHasTheBbb30Shape() throws Exception {
        // the same metadata keys as the fixture, given in mixed case: bbb-web lower-cases them
        api("create", "meetingID=info&name=" + encode("Anton G's Room") + "&record=true"
                + "&meta_bbb-origin-version=1&meta_bbb-origin-server-name=lb.example&meta_BBB-recording-ready-url=x"
                + "&meta_bbb-origin=greenlight&meta_endCallbackUrl=y");
        api("join", "meetingID=info&fullName=Anton&role=moderator");

        String xml = api("getMeetingInfo", "meetingID=info").body();

        assertSameShape(fixture("docs_getMeetingInfo_bbb30_attendee.xml"), xml);
        assertEquals("true", text(xml, "/response/running"));
        assertEquals("true", text(xml, "/response/hasUserJoined"));
        assertEquals("1", text(xml, "/response/participantCount"));
    }

    @Test
    void getMeetingInfoOfUnknownMeetingIsNotFound() throws Exception {
        String xml = api("getMeetingInfo", "meetingID=ghost").body();

        assertSameShape(fixture("getMeetingInfo_notFound_b3lb.xml"), xml);
        assertEquals("notFound", text(xml, "/response/messageKey"));
        assertEquals("A meeting with that ID does not exist", text(xml, "/response/message"));
    }

    @Test
    void getMeetingsListsEveryMeetingInTheBbbShape() throws Exception {
        api("create", "meetingID=listed&name=Listed&meta_presenter=Ada&meta_endCallbackUrl=" + encode("https://x/y"));

        String xml = api("getMeetings", "").body();

        // the fixture's first meeting is an ordinary (non-breakout) one without attendees, like this one
        Document expected = parse(fixture("getMeetings_three_meetings.xml"));
        NodeList fixtureMeetings = expected.getElementsByTagName("meeting");
        for (int i = fixtureMeetings.getLength() - 1; i > 0; i--) {
            Node extra = fixtureMeetings.item(i);
            extra.getParentNode().removeChild(extra);
        }
        assertSameShape(Input.fromNode(expected).build(), Input.fromString(xml).build());
        assertEquals("listed", text(xml, "/response/meetings/meeting/meetingID"));
        assertEquals("Ada", text(xml, "/response/meetings/meeting/metadata/presenter"));

        node.addAttendees("listed", 2);
        api("create", "meetingID=second&name=Room");
        String two = api("getMeetings", "").body();
        assertEquals(2.0, number(two, "count(/response/meetings/meeting)"));
        assertEquals(2.0, number(two, "count(/response/meetings/meeting[meetingID='listed']/attendees/attendee)"));
    }

    @Test
    void getMeetingsWithoutMeetingsSaysNoMeetings() throws Exception {
        String xml = api("getMeetings", "").body();

        assertSameShape(fixture("getMeetings_noMeetings_b3lb.xml"), xml);
        assertEquals("noMeetings", text(xml, "/response/messageKey"));
    }

    // ---- insertDocument, sendChatMessage, unsupported calls -----------------------------------------------------

    @Test
    void insertDocumentNeedsAnExistingMeeting() throws Exception {
        byte[] modules = fixture("requests/insertDocument_body_options.xml").getBytes(StandardCharsets.UTF_8);
        assertEquals("Meeting with id [ghost] not found.",
                text(postXml("insertDocument", "meetingID=ghost", modules).body(), "/response/message"));

        api("create", "meetingID=slides&name=Room");
        String xml = postXml("insertDocument", "meetingID=slides", modules).body();

        assertSameShape(fixture("insertDocument_success_apiphp.xml"), xml);
        assertArrayEquals(modules, node.calls("insertDocument").get(1).body());
    }

    @Test
    void sendChatMessageNeedsAnExistingMeeting() throws Exception {
        String unknown = api("sendChatMessage", "meetingID=ghost&message=hello").body();
        assertSameShape(fixture("sendChatMessage_failed_apiphp.xml"), unknown);
        assertEquals("meetingNotFound", text(unknown, "/response/messageKey"));

        api("create", "meetingID=chatty&name=Room");
        node.addAttendees("chatty", 1);
        String sent = api("sendChatMessage", "meetingID=chatty&message=" + encode("hello <all>")).body();
        assertSameShape(fixture("docs_sendChatMessage_success.xml"), sent);
        assertEquals("SUCCESS", text(sent, "/response/returncode"));
    }

    @Test
    void unknownCallIsGrailsNotFound() throws Exception {
        // no action of that name in bbb-web's ApiController: Grails answers 404 with its error page
        HttpResponse<String> response = api("getRecordingz", "meetingID=x");

        assertEquals(404, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    }

    // ---- inspection ---------------------------------------------------------------------------------------------

    @Test
    void callsAreRecordedInOrderAndCanBeFilteredAndCleared() throws Exception {
        api("create", "meetingID=a&name=Room");
        api("getMeetings", "");
        api("create", "meetingID=b&name=Room");

        List<EmulatedNode.ReceivedCall> calls = node.calls();
        assertEquals(List.of("create", "getMeetings", "create"), calls.stream().map(EmulatedNode.ReceivedCall::call)
                .toList());
        assertEquals("GET", calls.get(0).method());
        assertEquals(0, calls.get(0).body().length);
        assertEquals(2, node.calls("create").size());
        assertTrue(node.calls("create").get(1).rawQuery().startsWith("meetingID=b&name=Room&checksum="));

        node.clearCalls();
        assertTrue(node.calls().isEmpty());
    }

    @Test
    void addAttendeesNeedsAMeetingAndEndAllMeetingsEmptiesTheNode() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> node.addAttendees("ghost", 1));
        api("create", "meetingID=one&name=Room");
        api("create", "meetingID=two&name=Room");
        node.addAttendees("one", 4);
        node.addAttendees("two", 3);
        assertEquals(7, node.attendeeCount());

        node.endAllMeetings();

        assertEquals(0, node.meetingCount());
        assertEquals(0, node.attendeeCount());
        assertEquals("noMeetings", messageKey(api("getMeetings", "")));
    }

    // ---- faults -------------------------------------------------------------------------------------------------

    @Test
    void latencyDelaysEveryApiAnswer() throws Exception {
        try (EmulatedNode slow = EmulatedNode.start("bbb-slow", 0, SECRET)) {
            slow.latency(Duration.ofMillis(200));
            long started = System.nanoTime();
            HttpResponse<String> response = get(slow.baseUrl() + "/getMeetings?"
                    + signed("getMeetings", "", ChecksumAlgorithm.SHA1));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertEquals("SUCCESS", text(response.body(), "/response/returncode"));
            assertTrue(tookMillis >= 150, "answered after " + tookMillis + " ms");

            slow.latency(Duration.ZERO);
            assertEquals(200, get(slow.baseUrl()).statusCode());
        }
    }

    @Test
    void downRefusesConnectionsAndComingBackKeepsPortAndMeetings() throws Exception {
        try (EmulatedNode flaky = EmulatedNode.start("bbb-flaky", 0, SECRET)) {
            int port = flaky.port();
            String create = flaky.baseUrl() + "/create?"
                    + signed("create", "meetingID=survivor&name=Survivor", ChecksumAlgorithm.SHA1);
            assertEquals("SUCCESS", text(get(create).body(), "/response/returncode"));

            flaky.down(true);
            // a fresh client, so no pooled connection hides the refusal
            HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            assertThrows(ConnectException.class, () -> fresh.send(HttpRequest.newBuilder(URI.create(flaky.baseUrl()))
                    .build(), HttpResponse.BodyHandlers.ofString()));

            flaky.down(false);
            assertEquals(port, flaky.port());
            assertTrue(flaky.hasMeeting("survivor"));
            assertEquals("duplicateWarning", text(get(create).body(), "/response/messageKey"));
        }
    }

    @Test
    void garbageAnswersHttp200WithABodyThatIsNotXml() throws Exception {
        try (EmulatedNode broken = EmulatedNode.start("bbb-garbage", 0, SECRET)) {
            broken.garbage(true);
            HttpResponse<String> response = get(broken.baseUrl() + "/create?"
                    + signed("create", "meetingID=lost&name=Lost", ChecksumAlgorithm.SHA1));

            assertEquals(200, response.statusCode());
            assertThrows(Exception.class, () -> parse(response.body()));
            assertFalse(broken.hasMeeting("lost"));

            broken.garbage(false);
            assertEquals("SUCCESS", text(get(broken.baseUrl()).body(), "/response/returncode"));
        }
    }

    @Test
    void failingAnswersHttp500WithHtml() throws Exception {
        try (EmulatedNode broken = EmulatedNode.start("bbb-failing", 0, SECRET)) {
            broken.failing(true);
            HttpResponse<String> response = get(broken.baseUrl() + "/getMeetings?"
                    + signed("getMeetings", "", ChecksumAlgorithm.SHA1));

            assertEquals(500, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
            assertTrue(response.body().contains("<html>"));
            assertEquals(1, broken.calls("getMeetings").size());

            broken.failing(false);
            assertEquals(200, get(broken.baseUrl()).statusCode());
        }
    }

    @Test
    void controlEndpointSwitchesFaultsAndLoadFromOutside() throws Exception {
        try (EmulatedNode remote = EmulatedNode.start("bbb-remote", 0, SECRET)) {
            String control = "http://127.0.0.1:" + remote.port() + "/emulator/control";

            HttpResponse<String> set = get(control + "?mode=hang&latencyMs=5&cpu=4200");
            assertEquals(200, set.statusCode());
            assertEquals("{\"name\":\"bbb-remote\",\"latencyMs\":5,\"mode\":\"hang\",\"cpu\":4200}", set.body());
            assertEquals("4200", get(remote.loadUrl()).body());

            // hang: the request is taken in and recorded, but never answered
            HttpRequest hanging = HttpRequest.newBuilder(URI.create(remote.baseUrl() + "/getMeetings?"
                    + signed("getMeetings", "", ChecksumAlgorithm.SHA1))).timeout(Duration.ofMillis(300)).build();
            assertThrows(HttpTimeoutException.class, () -> http.send(hanging, HttpResponse.BodyHandlers.ofString()));
            assertEquals(1, remote.calls("getMeetings").size());

            HttpResponse<String> bad = get(control + "?mode=ok&cpu=10001");
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("cpu"));
            assertEquals("4200", get(remote.loadUrl()).body(), "a rejected request changes nothing");

            HttpResponse<String> reset = send(HttpRequest.newBuilder(URI.create(control))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("mode=ok&latencyMs=0")));
            assertTrue(reset.body().contains("\"mode\":\"ok\""));
            assertEquals(200, get(remote.baseUrl()).statusCode());
        }
    }

    @Test
    void cpuIsServedAsPlainIntegerAndValidated() throws Exception {
        node.cpu(1234);
        HttpResponse<String> load = get(node.loadUrl());
        assertEquals(200, load.statusCode());
        assertEquals("1234", load.body());
        assertThrows(IllegalArgumentException.class, () -> node.cpu(10_001));
        node.cpu(0);
        assertEquals("0", get(node.loadUrl()).body());
    }

    // ---- the standalone launcher --------------------------------------------------------------------------------

    @Test
    void startAllStartsNamedNodesThatEachAnswer() throws Exception {
        List<EmulatedNode> nodes = EmulatorMain.startAll(2, 0, "shared-secret", "demo");
        try {
            assertEquals(List.of("demo1", "demo2"), nodes.stream().map(EmulatedNode::name).toList());
            assertNotEquals(nodes.get(0).port(), nodes.get(1).port());
            for (EmulatedNode started : nodes) {
                String query = ChecksumAlgorithm.SHA1.sign("getMeetings", "", "shared-secret");
                assertEquals("SUCCESS", text(get(started.baseUrl() + "/getMeetings?" + query).body(),
                        "/response/returncode"));
            }
        } finally {
            nodes.forEach(EmulatedNode::close);
        }
    }

    // ---- recordings ---------------------------------------------------------------------------------------------

    @Test
    void getRecordingsPagesWithALimitAndEndsWithTotalElementsLikeBbbWeb26() throws Exception {
        for (int i = 1; i <= 3; i++) {
            node.addRecording("paging-room", "paging-" + i, true, Map.of(), 1_000L * i);
        }
        String page = api("getRecordings", "meetingID=paging-room&offset=1&limit=1").body();
        assertEquals("paging-2", text(page, "/response/recordings/recording/recordID"));
        assertEquals("3", text(page, "/response/totalElements"));
        assertEquals(3.0, number(api("getRecordings", "meetingID=paging-room").body(),
                "count(/response/recordings/recording)"));
        assertSameShape(fixture("getRecordings_empty_noRecordings_b3lb.xml"),
                api("getRecordings", "meetingID=nobody-recorded").body());
        node.paging(false);
        try {
            String old = api("getRecordings", "meetingID=paging-room&offset=1&limit=1").body();
            assertEquals(3.0, number(old, "count(/response/recordings/recording)"));
            assertEquals(0.0, number(old, "count(/response/totalElements)"));
        } finally {
            node.paging(true);
        }
    }

    @Test
    void textTrackCallsAnswerBbbWebsJsonShapes() throws Exception {
        String id = node.addRecording("tracks-room", null, true, Map.of());
        ObjectMapper json = new ObjectMapper();
        String boundary = "----EmulatorBoundary";
        byte[] upload = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"en.vtt\"\r\n"
                + "Content-Type: text/vtt\r\n\r\nWEBVTT\n\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/putRecordingTextTrack?"
                        + signed("putRecordingTextTrack",
                        "recordID=" + id + "&kind=subtitles&lang=en_US&label=English", ChecksumAlgorithm.SHA1)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload)));
        assertEquals(fieldNames(json.readTree(fixture("docs_putRecordingTextTrack_success.json")).path("response")),
                fieldNames(json.readTree(put.body()).path("response")));

        HttpResponse<String> listed = api("getRecordingTextTracks", "recordID=" + id);
        assertTrue(listed.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode expected = json.readTree(fixture("docs_getRecordingTextTracks_success.json")).path("response");
        JsonNode actual = json.readTree(listed.body()).path("response");
        assertEquals(fieldNames(expected), fieldNames(actual));
        assertEquals(fieldNames(expected.path("tracks").get(0)), fieldNames(actual.path("tracks").get(0)));
        assertEquals(List.of("subtitles en-US English"), node.textTracks(id));
        assertEquals("noRecordings", json.readTree(api("getRecordingTextTracks", "recordID=nope").body())
                .path("response").path("messageKey").asText());
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static HttpResponse<String> api(String call, String query) throws IOException, InterruptedException {
        return get(node.baseUrl() + "/" + call + "?" + signed(call, query, ChecksumAlgorithm.SHA1));
    }

    private static HttpResponse<String> postXml(String call, String query, byte[] body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/" + call + "?"
                        + signed(call, query, ChecksumAlgorithm.SHA1)))
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static String signed(String call, String query, ChecksumAlgorithm algorithm) {
        return algorithm.sign(call, query, SECRET);
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String redirectLocation(HttpResponse<String> response) {
        assertEquals(302, response.statusCode(), response::body);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static String messageKey(HttpResponse<String> response) throws Exception {
        return text(response.body(), "/response/messageKey");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String fixture(String name) throws IOException {
        return EmulatorHttp.fixture(name);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static String text(String xml, String xpath) throws Exception {
        Document document = parse(xml);
        Node found = (Node) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODE);
        if (found == null) {
            throw new AssertionError("no " + xpath + " in " + xml);
        }
        return found.getTextContent();
    }

    private static double number(String xml, String xpath) throws Exception {
        return (Double) XPathFactory.newInstance().newXPath().evaluate(xpath, parse(xml), XPathConstants.NUMBER);
    }

    private static void assertSameShape(String expectedXml, String actualXml) {
        assertSameShape(Input.fromString(expectedXml).build(), Input.fromString(actualXml).build());
    }

    /** Same element names in the same order; text values and whitespace do not matter. */
    private static void assertSameShape(javax.xml.transform.Source expected, javax.xml.transform.Source actual) {
        Diff diff = DiffBuilder.compare(expected).withTest(actual)
                .ignoreWhitespace()
                .withDifferenceEvaluator(DifferenceEvaluators.chain(DifferenceEvaluators.Default,
                        (comparison, outcome) -> comparison.getType() == ComparisonType.TEXT_VALUE
                                ? ComparisonResult.EQUAL : outcome))
                .build();
        assertFalse(diff.hasDifferences(), () -> diff.toString());
    }

    private static String sha1Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
