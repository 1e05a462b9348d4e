package io.caravan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.caravan.bbb.Checksum;
import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.JoinError;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * bbb-web's own rules, each from its source (bigbluebutton/bigbluebutton, bbb-common-web and bigbluebutton-web), as
 * Caravan must apply them to every call it answers itself, through a real Caravan in front of emulated nodes.
 */
@Tag("end-to-end")
class BbbWebRulesTest {

    private static final String DEFAULT_ERROR_URL = "https://lms.example.org/bbb-error";

    private static CaravanUnderTest caravan;
    private static BbbClient client;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(2).property("caravan.join.error-url", DEFAULT_ERROR_URL).start();
        client = caravan.client();
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static HttpResponse<String> raw(String call, String rawQuery) {
        return client.getUrl(caravan.apiUrl() + "/" + call + "?" + rawQuery);
    }

    // ApiController.groovy: every answer carries response.addHeader("Cache-Control", "no-cache")
    @Test
    void answersAreNotCacheable() {
        assertEquals("no-cache", client.get("getMeetings", "").headers().firstValue("Cache-Control").orElse(null));
        assertEquals("no-cache", client.get("create", "meetingID=cache-1&name=C").headers()
                .firstValue("Cache-Control").orElse(null));
        assertEquals("no-cache", raw("getMeetings", "checksum=0000").headers().firstValue("Cache-Control")
                .orElse(null), "errors too");
    }

    // ApiController.groovy #join: a failed join is invalid(key, message, REDIRECT_RESPONSE): a 302 to
    // errorRedirectUrl, else logoutURL, else the default, with errors=[{"message":...,"key":...}]
    @Test
    void aFailedJoinRedirectsToErrorRedirectUrlFirst() {
        JoinError error = JoinError.of(client.get("join", "meetingID=no-such-room&fullName=A&role=VIEWER"
                + "&logoutURL=" + enc("https://app.example.org/bye") // errorRedirectUrl wins over it
                + "&errorRedirectUrl=" + enc("https://app.example.org/oops?room=1")));
        assertEquals("app.example.org", error.location().getHost());
        assertEquals("/oops", error.location().getPath());
        assertTrue(error.location().getRawQuery().startsWith("room=1&errors="), error.location().toString());
        assertEquals("meetingForciblyEnded", error.key());
        assertEquals("You can not join a meeting that has already been forcibly ended", error.message());
    }

    @Test
    void aFailedJoinRedirectsToLogoutUrlWithoutErrorRedirectUrl() {
        JoinError error = JoinError.of(client.get("join", "meetingID=no-such-room&fullName=A&role=VIEWER"
                + "&logoutURL=" + enc("https://app.example.org/bye")));
        assertEquals("https://app.example.org/bye", error.location().toString().split("\\?")[0]);
    }

    @Test
    void aFailedJoinRedirectsToTheConfiguredDefaultAlsoWithRedirectFalse() {
        JoinError error = JoinError.of(client.get("join", "meetingID=no-such-room&fullName=A&role=VIEWER"
                + "&redirect=false"));
        assertEquals(DEFAULT_ERROR_URL, error.location().toString().split("\\?")[0]);
        assertEquals("meetingForciblyEnded", error.key());
    }

    // a checksum failure goes to the default logout URL: the request's own URLs are not used
    @Test
    void aJoinWithABadChecksumRedirectsToTheDefaultWithChecksumError() {
        JoinError error = JoinError.of(raw("join", "meetingID=x&fullName=A&logoutURL="
                + enc("https://app.example.org/bye") + "&checksum=" + "0".repeat(40)));
        assertEquals("checksumError", error.key());
        assertEquals(DEFAULT_ERROR_URL, error.location().toString().split("\\?")[0]);
    }

    // ValidationService.java (bbb-web's guard, spec ValidationServiceChecksumSpec): a request with more than one
    // checksum parameter is checksumError "Checksums do not match", even when both values are the right one
    @Test
    void aSecondChecksumParameterIsRefused() {
        String query = "meetingID=dup-checksum&name=Dup";
        String good = Checksum.compute(ChecksumAlgorithm.SHA256, "create", query, CaravanUnderTest.SECRET);
        assertEquals("checksumError", Xml.parse(raw("create", query + "&checksum=" + good + "&checksum=abc").body())
                .messageKey());
        Xml twice = Xml.parse(raw("create", query + "&checksum=" + good + "&checksum=" + good).body());
        assertEquals("checksumError", twice.messageKey(), "the same value twice too");
        assertEquals("Checksums do not match", twice.text("message"));
        assertEquals("SUCCESS", Xml.parse(raw("create", query + "&checksum=" + good).body()).returncode());
    }

    // ValidationService.java: with an empty query, the checksum comes from the form and the hashed string is the
    // parameters sorted by name, form-encoded
    @Test
    void aPostWithItsChecksumOnlyInTheFormBodyIsAccepted() {
        String canonical = "meetingID=form-only&name=Form+Only";
        String checksum = Checksum.compute(ChecksumAlgorithm.SHA1, "create", canonical, CaravanUnderTest.SECRET);
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(caravan.apiUrl() + "/create"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=Form+Only&meetingID=form-only&checksum=" + checksum)));
        assertEquals("SUCCESS", Xml.parse(answer.body()).returncode(), answer.body());
        assertTrue(caravan.nodes().stream().anyMatch(n -> n.hasMeeting("form-only")));
    }

    // ApiController#index: the version document, JSON when the request's Content-Type is application/json; its
    // bbbVersion is the lowest the nodes report
    @Test
    void theVersionDocumentAnswersJsonOnRequestWithTheNodesBbbVersion() throws Exception {
        String nodeVersion = Xml.parse(client.getUrl(caravan.node(0).baseUrl()).body()).text("bbbVersion");
        HttpResponse<String> xml = client.getUrl(caravan.apiUrl());
        assertEquals("no-cache", xml.headers().firstValue("Cache-Control").orElse(null));
        assertEquals(nodeVersion, Xml.parse(xml.body()).text("bbbVersion"));

        HttpResponse<String> json = client.send(HttpRequest.newBuilder(URI.create(caravan.apiUrl()))
                .header("Content-Type", "application/json").GET());
        assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        com.fasterxml.jackson.databind.JsonNode response = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.body()).path("response");
        assertEquals("SUCCESS", response.path("returncode").asText());
        assertEquals("2.0", response.path("version").asText());
        assertEquals(nodeVersion, response.path("bbbVersion").asText());
    }

    // ApiController#getSessionsHandler: every user session of the server; behind Caravan, of every node
    @Test
    void getSessionsListsTheSessionsOfEveryNode() {
        for (String room : java.util.List.of("sessions-a", "sessions-b")) {
            assertEquals("SUCCESS", Xml.parse(client.get("create", "meetingID=" + room + "&name=Sessions").body())
                    .returncode());
        }
        assertTrue(caravan.node(0).meetingCount() > 0 && caravan.node(1).meetingCount() > 0, "one room per node");
        client.get("join", "meetingID=sessions-a&fullName=Ann+A&role=VIEWER&redirect=false");
        client.get("join", "meetingID=sessions-b&fullName=Bob+B&role=VIEWER&redirect=false");

        Xml sessions = Xml.parse(client.get("getSessions", "").body());
        assertEquals("SUCCESS", sessions.returncode());
        assertTrue(sessions.texts("userName").containsAll(java.util.List.of("Ann A", "Bob B")),
                sessions.texts("userName").toString());
    }

    // UrlMappings.groovy maps the API for GET and POST only: other methods never reach a node
    @Test
    void otherMethodsAreRefusedWithBbbXmlAndReachNoNode() {
        int creates = caravan.nodes().stream().mapToInt(n -> n.calls("create").size()).sum();
        for (String method : java.util.List.of("PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                    URI.create(client.url("create", "meetingID=put-room&name=Put+Room")))
                    .method(method, HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, answer.statusCode(), method);
            assertEquals("unsupportedRequest", Xml.parse(answer.body()).messageKey(), method);
        }
        assertEquals(creates, caravan.nodes().stream().mapToInt(n -> n.calls("create").size()).sum());
    }

    // ServiceUtils#findMeetingFromMeetingID: the meeting calls also take a meeting's internal meeting ID (clients
    // end meetings by the internalMeetingID getMeetings lists); ended so, it leaves getMeetings at once too
    @Test
    void aMeetingCanBeNamedByItsInternalMeetingId() {
        Xml created = Xml.parse(client.get("create", "meetingID=internal-room&name=Internal+Room").body());
        String internal = created.text("internalMeetingID");
        assertTrue(internal != null && !internal.isEmpty(), "create answers the internal meeting ID");

        Xml info = Xml.parse(client.get("getMeetingInfo", "meetingID=" + internal).body());
        assertEquals("SUCCESS", info.returncode(), "getMeetingInfo by internal ID");
        assertEquals("internal-room", info.text("meetingID"));

        assertEquals("SUCCESS", Xml.parse(client.get("end", "meetingID=" + internal).body()).returncode());
        assertTrue(!Xml.parse(client.get("getMeetings", "").body()).texts("meetingID").contains("internal-room"),
                "ended by its internal ID, it is gone from getMeetings");
    }

    // ParamsProcessorUtil (breakout rooms): bbb-web creates a breakout room only where its parent is, so Caravan
    // places every breakout on its parent's node, whatever the load; a parent nobody has is bbb-web's refusal
    @Test
    void breakoutRoomsAreCreatedOnTheirParentsNode() {
        Xml parent = Xml.parse(client.get("create", "meetingID=breakout-parent&name=Parent+Room").body());
        String internal = parent.text("internalMeetingID");
        io.caravan.emulator.EmulatedNode host = caravan.nodes().stream()
                .filter(n -> n.hasMeeting("breakout-parent")).findFirst().orElseThrow();
        for (int i = 1; i <= 6; i++) {
            Xml room = Xml.parse(client.get("create", "meetingID=breakout-room-" + i + "&name=Room+" + i
                    + "&isBreakout=true&sequence=" + i + "&parentMeetingID=" + internal).body());
            assertEquals("SUCCESS", room.returncode(), "breakout " + i);
            assertEquals(internal, room.text("parentMeetingID"));
            assertTrue(host.hasMeeting("breakout-room-" + i), "breakout " + i + " is on its parent's node");
        }
        Xml orphan = Xml.parse(client.get("create", "meetingID=breakout-orphan&name=Orphan+Room&isBreakout=true"
                + "&sequence=1&parentMeetingID=0000000000000000000000000000000000000000-1").body());
        assertEquals("parentMeetingDoesNotExist", orphan.messageKey());
        assertEquals("No parent meeting exists for the breakout room", orphan.text("message"));
    }

    // unknown paths under the API answer BBB XML, not the container's HTML 404 (issue #11); bbb-webhooks' calls are
    // Caravan's own (issue #14) and check their checksum like any call
    @Test
    void pathsDeeperUnderTheApiAnswerBbbXml() {
        for (String path : java.util.List.of("/hooks/create", "/hooks/list?checksum=00")) {
            assertEquals("checksumError", Xml.parse(client.getUrl(caravan.apiUrl() + path).body()).messageKey(), path);
        }
        for (String path : java.util.List.of("/hooks/destroy/7", "/hooks/ping", "/create/extra")) {
            HttpResponse<String> answer = client.getUrl(caravan.apiUrl() + path);
            assertEquals(200, answer.statusCode(), path);
            assertEquals("unsupportedRequest", Xml.parse(answer.body()).messageKey(), path);
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"), path);
        }
        HttpResponse<String> tenant = client.getUrl(caravan.baseUrl() + "/t/acme/bigbluebutton/api/hooks/list/all");
        assertEquals("unsupportedRequest", Xml.parse(tenant.body()).messageKey());
    }

    /**
     * One request, the answer bbb-web gives (from its source, file named in the case) and the answer of a lone
     * emulated node (the oracle) and of Caravan, which must all agree: returncode, messageKey and message, or for
     * join the error in its redirect. bbb-web collects failures in a HashMap and answers the first entry, so where
     * several rules fail the expected key is the one that HashMap puts first.
     */
    private record Case(String source, String call, String method, String query, String contentType, String body,
            String key, String message) {
    }

    private static final java.util.List<Case> CASES = java.util.List.of(
            // MeetingNameConstraint, MeetingIDConstraint, PasswordConstraint, ApiController#create
            new Case("MeetingNameConstraint", "create", "GET", "meetingID=no-name-room", null, null,
                    "nullError", "You must provide a meeting name"),
            new Case("MeetingNameConstraint", "create", "GET", "meetingID=short-name&name=R", null, null,
                    "sizeError", "Meeting name must be between 2 and 256 characters"),
            new Case("MeetingIDConstraint", "create", "GET", "meetingID=r&name=Room", null, null,
                    "sizeError", "Meeting ID must be between 2 and 256 characters"),
            new Case("MeetingIDConstraint", "create", "GET", "meetingID=a%2Cb&name=Room", null, null,
                    "validationError", "Meeting ID cannot contain ','"),
            new Case("ApiController#create", "create", "GET", "name=Room", null, null,
                    "validationError", "Invalid meeting ID"),
            new Case("ApiController#create", "create", "GET", "meetingID=%20padded-room&name=Room", null, null,
                    "validationError", "Invalid meeting ID"),
            new Case("PasswordConstraint", "create", "GET", "meetingID=pw-room&name=Room&attendeePW=x", null, null,
                    "invalidPassword", "Invalid password"),
            new Case("ContentTypeConstraint", "create", "POST", "meetingID=typed-room&name=Room", "text/plain",
                    "hello", "unsupportedContentType", "POST request Content-Type is missing or unsupported"),
            // MeetingInfo, EndMeeting (MeetingExistsConstraint wins over the meetingID's size in the HashMap)
            new Case("MeetingExistsConstraint", "getMeetingInfo", "GET", "meetingID=ghost-room", null, null,
                    "notFound", "A meeting with that ID does not exist"),
            new Case("MeetingExistsConstraint", "getMeetingInfo", "GET", "meetingID=g", null, null,
                    "notFound", "A meeting with that ID does not exist"),
            // EndMeeting: for a meeting nobody has, ModeratorPasswordValidator fails too, and comes first
            new Case("ModeratorPasswordValidator", "end", "GET", "meetingID=ghost-room", null, null,
                    "invalidPassword", "The supplied moderator password is incorrect"),
            new Case("JoinMeeting", "join", "GET", "meetingID=ghost-room&fullName=Ann&guest=maybe", null, null,
                    "meetingForciblyEnded", "You can not join a meeting that has already been forcibly ended"),
            // MeetingRunning
            new Case("MeetingIDConstraint", "isMeetingRunning", "GET", "meetingID=g", null, null,
                    "sizeError", "Meeting ID must be between 2 and 256 characters"),
            new Case("MeetingIDConstraint", "isMeetingRunning", "GET", "meetingID=a%2Cb", null, null,
                    "validationError", "Meeting ID cannot contain ','"),
            new Case("MeetingIDConstraint", "isMeetingRunning", "GET", "meetingID=%20%20", null, null,
                    "sizeError", "Meeting ID must be between 2 and 256 characters"),
            new Case("ContentTypeConstraint", "isMeetingRunning", "POST", "meetingID=ghost-room", "text/plain",
                    "x", "unsupportedContentType", "POST request Content-Type is missing or unsupported"),
            // SendChatMessage, ApiController#sendChatMessage
            new Case("SendChatMessage", "sendChatMessage", "GET", "meetingID=ghost-room", null, null,
                    "nullError", "You must provide the param message"),
            new Case("SendChatMessage", "sendChatMessage", "GET", "meetingID=ghost-room&message=%20", null, null,
                    "sizeError", "Param message must be between 1 and 500 characters"),
            new Case("SendChatMessage", "sendChatMessage", "GET", "meetingID=ghost-room&message=hi&userName="
                    + "u".repeat(256), null, null, "sizeError", "Param userName must not exceed 255 characters"),
            new Case("ApiController#sendChatMessage", "sendChatMessage", "GET", "meetingID=ghost-room&message=hi",
                    null, null, "meetingNotFound", "Meeting not found"),
            // InsertDocument, ApiController#insertDocument
            new Case("ContentTypeConstraint", "insertDocument", "POST", "meetingID=ghost-room",
                    "application/x-www-form-urlencoded", "a=b", "unsupportedContentType",
                    "POST request Content-Type is missing or unsupported"),
            new Case("ApiController#insertDocument", "insertDocument", "POST", "meetingID=ghost-room",
                    "application/xml", "<modules/>", null, "Meeting with id [ghost-room] not found."),
            // SimpleRequest
            new Case("ContentTypeConstraint", "getMeetings", "POST", "", "application/json", "{}",
                    "unsupportedContentType", "POST request Content-Type is missing or unsupported"),
            // JoinMeeting (redirects): an unknown meeting fails three constraints, meetingForciblyEnded comes first
            new Case("JoinMeeting", "join", "GET", "meetingID=ghost-room&fullName=Ann&role=VIEWER", null, null,
                    "meetingForciblyEnded", "You can not join a meeting that has already been forcibly ended"),
            new Case("JoinMeeting", "join", "GET", "meetingID=ghost-room&fullName=%20&role=VIEWER", null, null,
                    "missingParamFullName", "You must provide your name"),
            new Case("JoinMeeting", "join", "GET", "meetingID=g&fullName=Ann", null, null,
                    "meetingForciblyEnded", "You can not join a meeting that has already been forcibly ended"));

    @Test
    void everyRuleAnswersAsBbbWebAndAsTheNodeAlone() {
        io.caravan.emulator.EmulatedNode node = caravan.node(0);
        BbbClient direct = new BbbClient(node.baseUrl(), node.secret());
        java.util.List<String> wrong = new java.util.ArrayList<>();
        for (Case c : CASES) {
            String atNode = outcome(c, direct);
            String atCaravan = outcome(c, client);
            String expected = c.key() + " / " + c.message();
            if (!expected.equals(atNode) || !expected.equals(atCaravan)) {
                wrong.add(c.source() + " " + c.call() + "?" + c.query() + ": bbb-web " + expected + ", node "
                        + atNode + ", Caravan " + atCaravan);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static String outcome(Case c, BbbClient to) {
        HttpResponse<String> answer = c.method().equals("GET") ? to.get(c.call(), c.query())
                : to.send(HttpRequest.newBuilder(URI.create(to.url(c.call(), c.query())))
                        .header("Content-Type", c.contentType())
                        .POST(HttpRequest.BodyPublishers.ofString(c.body())));
        if (c.call().equals("join")) {
            JoinError error = JoinError.of(answer);
            return error.key() + " / " + error.message();
        }
        Xml xml = Xml.parse(answer.body());
        return (xml.text("messageKey") == null || xml.text("messageKey").isEmpty() ? null : xml.messageKey())
                + " / " + xml.text("message");
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
