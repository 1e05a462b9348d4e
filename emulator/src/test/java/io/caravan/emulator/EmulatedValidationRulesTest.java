package io.caravan.emulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.caravan.emulator.EmulatorHttp.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bbb-web's parameter and content-type rules for the meeting calls, one test each, over real HTTP. Paths are in
 * bigbluebutton/bigbluebutton (bbb-common-web/src/main/java/org/bigbluebutton/api/... unless said otherwise); the
 * table with versions is docs/BBB-WEB-RULES.md §1 and §3.
 */
@Tag("end-to-end")
class EmulatedValidationRulesTest extends EmulatedRulesTest {

    @BeforeAll
    static void start() {
        startNode("bbb-validation", "validation-rules-secret");
    }

    // model/constraint/MeetingIDConstraint.java: @Size(min = 2, max = 256), key sizeError; getMeetingInfo's
    // MeetingExists fails as well, and notFound comes before sizeError in the HashMap
    @Test
    void aMeetingIdOfOneCharacterIsASizeError() throws Exception {
        String running = http.get("isMeetingRunning", "meetingID=x").body();
        String info = http.get("getMeetingInfo", "meetingID=x").body();

        assertEquals("sizeError", text(running, "/response/messageKey"));
        assertEquals("Meeting ID must be between 2 and 256 characters", text(running, "/response/message"));
        assertEquals("notFound", text(info, "/response/messageKey"));
    }

    // MeetingIDConstraint.java: @Pattern(regexp = "^[^,]+$"), key validationError
    @Test
    void aMeetingIdWithACommaIsAValidationError() throws Exception {
        String xml = http.get("create", "meetingID=a,b&name=Room").body();

        assertEquals("validationError", text(xml, "/response/messageKey"));
        assertEquals("Meeting ID cannot contain ','", text(xml, "/response/message"));
        assertEquals(0, node.meetingCount());
    }

    // MeetingIDConstraint.java with service/ValidationService.java buildViolationsMap: an empty meetingID fails
    // NotEmpty (missingParamMeetingID), Size (sizeError) and Pattern (validationError); the HashMap reports sizeError
    @Test
    void anEmptyMeetingIdIsReportedAsASizeError() throws Exception {
        String xml = http.get("isMeetingRunning", "meetingID=").body();

        assertEquals("sizeError", text(xml, "/response/messageKey"));
    }

    // bigbluebutton-web .../controllers/ApiController.groovy create: sanitizeString(meetingID) != meetingID
    @Test
    void createRefusesAMeetingIdWithSurroundingSpaces() throws Exception {
        String xml = http.get("create", "meetingID=" + EmulatorHttp.encode(" spaced ") + "&name=Room").body();

        assertEquals("validationError", text(xml, "/response/messageKey"));
        assertEquals("Invalid meeting ID", text(xml, "/response/message"));
    }

    // model/constraint/MeetingNameConstraint.java: a name is required (NotNull, key nullError) and 2..256 long
    @Test
    void createNeedsANameOfTwoTo256Characters() throws Exception {
        String none = http.get("create", "meetingID=nameless").body();
        String tiny = http.get("create", "meetingID=nameless&name=N").body();

        assertEquals("nullError", text(none, "/response/messageKey"));
        assertEquals("You must provide a meeting name", text(none, "/response/message"));
        assertEquals("sizeError", text(tiny, "/response/messageKey"));
        assertEquals("Meeting name must be between 2 and 256 characters", text(tiny, "/response/message"));
        assertFalse(node.hasMeeting("nameless"));
    }

    // model/constraint/PasswordConstraint.java + model/validator/PasswordValidator.java: a given password has 2..64
    @Test
    void aPasswordOfOneCharacterIsAnInvalidPassword() throws Exception {
        String xml = http.get("create", "meetingID=short-pw&name=Room&attendeePW=a").body();

        assertEquals("invalidPassword", text(xml, "/response/messageKey"));
        assertEquals("Invalid password", text(xml, "/response/message"));
    }

    // model/validator/ContentTypeValidator.java + model/constraint/ContentTypeConstraint.java: a body needs a
    // Content-Type the call takes; unsupportedContentType comes first in the HashMap, before the missing name
    @Test
    void aBodyOfAnUnsupportedTypeIsRefusedBeforeOtherFailures() throws Exception {
        HttpResponse<String> plain = http.post("create", "meetingID=typed", "text/plain", "hello");

        assertEquals("unsupportedContentType", text(plain.body(), "/response/messageKey"));
        assertEquals("POST request Content-Type is missing or unsupported", text(plain.body(), "/response/message"));
    }

    // ContentTypeValidator.java: without a body the Content-Type is not looked at
    @Test
    void aRequestWithoutBodyPassesWhateverItsContentType() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/getMeetings?"
                + http.signed("getMeetings", ""))).header("Content-Type", "image/png").GET());

        assertEquals("SUCCESS", text(response.body(), "/response/returncode"));
    }

    // model/request/CreateMeeting.java getSupportedContentTypes adds application/xml and text/xml;
    // model/request/InsertDocument.java takes only those two
    @Test
    void createTakesFormsAndXmlWhileInsertDocumentTakesOnlyXml() throws Exception {
        String form = http.post("create", "meetingID=formed&name=Room", "application/x-www-form-urlencoded",
                "record=true").body();
        String xml = http.post("create", "meetingID=modules&name=Room", "text/xml; charset=UTF-8",
                "<modules/>").body();
        String insert = http.post("insertDocument", "meetingID=formed", "application/x-www-form-urlencoded",
                "a=b").body();

        assertEquals("SUCCESS", text(form, "/response/returncode"));
        assertEquals("SUCCESS", text(xml, "/response/returncode"));
        assertEquals("unsupportedContentType", text(insert, "/response/messageKey"));
    }

    // service/ServiceUtils.java findMeetingFromMeetingID: the ID is tried as an internal meeting ID first
    @Test
    void theMeetingCallsAcceptTheInternalMeetingId() throws Exception {
        String internal = text(http.create("by-internal", ""), "/response/internalMeetingID");
        node.addAttendees("by-internal", 1);

        assertEquals("by-internal", text(http.get("getMeetingInfo", "meetingID=" + internal).body(),
                "/response/meetingID"));
        assertEquals("true", text(http.get("isMeetingRunning", "meetingID=" + internal).body(), "/response/running"));
        assertEquals("SUCCESS", text(http.get("sendChatMessage", "meetingID=" + internal + "&message=hi").body(),
                "/response/returncode"));
        assertEquals("sentEndMeetingRequest", text(http.get("end", "meetingID=" + internal).body(),
                "/response/messageKey"));
        assertFalse(node.hasMeeting("by-internal"));
    }

    // model/validator/MeetingExistsValidator.java with model/request/MeetingInfo.java: notFound
    @Test
    void getMeetingInfoOfAnUnknownMeetingIsNotFound() throws Exception {
        String xml = http.get("getMeetingInfo", "meetingID=nowhere").body();

        assertEquals("notFound", text(xml, "/response/messageKey"));
        assertEquals("A meeting with that ID does not exist", text(xml, "/response/message"));
    }

    // model/request/MeetingRunning.java accepts an absent meetingID; ApiController.groovy isMeetingRunning then
    // converts null to an internal ID, which throws
    @Test
    void isMeetingRunningWithoutMeetingIdIsAServerError() throws Exception {
        assertEquals(500, http.get("isMeetingRunning", "").statusCode());
    }

    // model/request/EndMeeting.java: MeetingExists (notFound) and ModeratorPassword (invalidPassword) both fail for
    // an unknown meeting; the HashMap reports invalidPassword
    @Test
    void endOfAnUnknownMeetingReportsInvalidPassword() throws Exception {
        String xml = http.get("end", "meetingID=nowhere").body();

        assertEquals("invalidPassword", text(xml, "/response/messageKey"));
        assertEquals("The supplied moderator password is incorrect", text(xml, "/response/message"));
    }

    // model/validator/ModeratorPasswordValidator.java: the password is optional, but a given one must be right
    @Test
    void endTakesNoPasswordOrTheModeratorPassword() throws Exception {
        http.create("ending", "&moderatorPW=mp");

        String wrong = http.get("end", "meetingID=ending&password=ap").body();
        String none = http.get("end", "meetingID=ending").body();

        assertEquals("invalidPassword", text(wrong, "/response/messageKey"));
        assertEquals("sentEndMeetingRequest", text(none, "/response/messageKey"));
    }

    // ApiController.groovy create: the same passwords, or none at all, give duplicateWarning; otherwise idNotUnique
    @Test
    void aSecondCreateWithoutPasswordsIsADuplicateAndWithOnlyOneIsNot() throws Exception {
        http.create("twice", "&attendeePW=ap&moderatorPW=mp");

        String none = http.get("create", "meetingID=twice&name=Room").body();
        String oneOnly = http.get("create", "meetingID=twice&name=Room&attendeePW=ap").body();

        assertEquals("duplicateWarning", text(none, "/response/messageKey"));
        assertEquals("idNotUnique", text(oneOnly, "/response/messageKey"));
    }

    // bigbluebutton-web .../web/UrlMappings.groovy: no mapping, no action (Grails 404); a mapped call with a method
    // its action map lacks (Grails 405)
    @Test
    void unknownCallsAre404AndWrongMethods405() throws Exception {
        HttpResponse<String> join = http.post("join", "meetingID=m1&fullName=A&role=viewer", null, "");
        HttpResponse<String> insert = http.get("insertDocument", "meetingID=m1");

        assertEquals(404, http.get("frobnicate", "").statusCode());
        assertEquals(405, join.statusCode());
        assertEquals(405, insert.statusCode());
    }

    // ApiController.groovy: invalid(), isMeetingRunning, getMeetings and create add Cache-Control: no-cache;
    // getMeetingInfo, insertDocument and sendChatMessage answers and the join redirect do not
    @Test
    void cacheControlIsSentWhereBbbWebSendsIt() throws Exception {
        http.create("cached", "");
        node.addAttendees("cached", 1);

        assertEquals("no-cache", cacheControl(http.get("isMeetingRunning", "meetingID=cached")));
        assertEquals("no-cache", cacheControl(http.get("getMeetings", "")));
        assertEquals("no-cache", cacheControl(http.get("getMeetingInfo", "meetingID=x")));
        assertEquals("", cacheControl(http.get("getMeetingInfo", "meetingID=cached")));
        assertEquals("", cacheControl(http.get("sendChatMessage", "meetingID=cached&message=hi")));
        assertEquals("", cacheControl(http.get("join", "meetingID=cached&fullName=A&role=viewer")));
    }

    // ApiController.groovy index: a Content-Type header of exactly application/json gets the version as JSON
    @Test
    void theVersionComesAsJsonForAJsonContentType() throws Exception {
        HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl()))
                .header("Content-Type", "application/json").GET());
        HttpResponse<String> xml = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl()))
                .header("Accept", "application/json").GET());

        assertTrue(json.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertTrue(json.body().contains("\"bbbVersion\": \"3.0.19\""), json.body());
        assertEquals("no-cache", cacheControl(json));
        assertEquals("SUCCESS", text(xml.body(), "/response/returncode"));
    }

    // ApiController.groovy getSessionsHandler + freemarker/get-sessions.ftlx: one <meeting> per user session
    @Test
    void getSessionsListsEveryJoinByInternalMeetingId() throws Exception {
        String empty = http.get("getSessions", "").body();
        String internal = text(http.create("sessions", ""), "/response/internalMeetingID");
        http.get("join", "meetingID=sessions&fullName=Ada&role=moderator");
        http.get("join", "meetingID=sessions&fullName=Bob&role=viewer");

        String xml = http.get("getSessions", "").body();

        assertEquals("noSessions", text(empty, "/response/messageKey"));
        assertEquals(2.0, EmulatorHttp.number(xml, "count(/response/sessions/meeting)"));
        assertEquals(internal, text(xml, "/response/sessions/meeting[1]/meetingID"));
        assertEquals("Room", text(xml, "/response/sessions/meeting[1]/meetingName"));
        assertEquals("Ada", text(xml, "/response/sessions/meeting[1]/userName"));
        FixtureShapes.assertSameShape(EmulatorHttp.fixture("getSessions.xml"), xml);
        FixtureShapes.assertSameShape(EmulatorHttp.fixture("getSessions_empty.xml"), empty);
    }

    private static String cacheControl(HttpResponse<String> response) {
        return response.headers().firstValue("Cache-Control").orElse("");
    }
}
