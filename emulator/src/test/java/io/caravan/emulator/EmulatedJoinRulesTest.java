package io.caravan.emulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.caravan.emulator.EmulatorHttp.encode;
import static io.caravan.emulator.EmulatorHttp.redirectErrors;
import static io.caravan.emulator.EmulatorHttp.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bbb-web's join: where its errors go, how roles and guests are decided. Sources are
 * bigbluebutton-web/grails-app/controllers/org/bigbluebutton/web/controllers/ApiController.groovy (join, invalid,
 * respondWithRedirect) and the bbb-common-web classes named per test; docs/BBB-WEB-RULES.md §3 join.
 */
@Tag("end-to-end")
class EmulatedJoinRulesTest extends EmulatedRulesTest {

    @BeforeAll
    static void start() {
        startNode("bbb-join", "join-rules-secret");
    }

    // ApiController.groovy join: validation errors go through invalid(..., REDIRECT_RESPONSE) before the redirect
    // parameter is read, so they redirect even with redirect=false; the JSON is org.json's, message before key
    @Test
    void validationErrorsRedirectWithTheErrorsEvenWithRedirectFalse() throws Exception {
        http.create("lobby", "");

        HttpResponse<String> response = http.get("join", "meetingID=lobby&fullName=&role=viewer&redirect=false");

        assertEquals("[{\"message\":\"You must provide your name\",\"key\":\"missingParamFullName\"}]",
                redirectErrors(response));
        assertTrue(response.headers().firstValue("Location").orElseThrow()
                .startsWith("http://127.0.0.1:" + node.port() + "?errors="));
    }

    // ApiController.groovy respondWithRedirect: errorRedirectUrl, else the join's logoutURL, else the default; an
    // existing query is kept and errors= appended
    @Test
    void errorsGoToErrorRedirectUrlThenLogoutUrl() throws Exception {
        String base = "meetingID=nowhere&fullName=Ada&role=viewer";

        String toError = location(http.get("join", base + "&logoutURL=" + encode("https://lms.example/out")
                + "&errorRedirectUrl=" + encode("https://lms.example/failed?course=7")));
        String toLogout = location(http.get("join", base + "&logoutURL=" + encode("https://lms.example/out")));

        assertTrue(toError.startsWith("https://lms.example/failed?course=7&errors=[%7B%22message%22:"), toError);
        assertTrue(toLogout.startsWith("https://lms.example/out?errors="), toLogout);
    }

    // ApiController.groovy join: a checksumError is sent to the default logout URL, whatever the request names
    @Test
    void aChecksumErrorGoesToTheDefaultLogoutUrl() throws Exception {
        HttpResponse<String> response = http.getRaw("join", "meetingID=m1&fullName=A&errorRedirectUrl="
                + encode("https://evil.example/") + "&checksum=" + "4".repeat(40));

        assertTrue(location(response).startsWith("http://127.0.0.1:" + node.port() + "?errors="));
        assertEquals("[{\"message\":\"Checksums do not match\",\"key\":\"checksumError\"}]", redirectErrors(response));
    }

    // model/request/JoinMeeting.java: MeetingExists (invalidMeetingIdentifier), MeetingEnded (meetingForciblyEnded)
    // and JoinPassword (invalidPassword) all fail for an unknown meeting; the HashMap reports meetingForciblyEnded
    @Test
    void anUnknownMeetingIsReportedAsForciblyEnded() throws Exception {
        String errors = redirectErrors(http.get("join", "meetingID=nowhere&fullName=Ada&role=viewer"));

        assertEquals("[{\"message\":\"You can not join a meeting that has already been forcibly ended\","
                + "\"key\":\"meetingForciblyEnded\"}]", errors);
    }

    // ApiController.groovy join: role resolution renders "Params required" as XML, redirect or not
    @Test
    void aWrongPasswordIsParamsRequiredInXml() throws Exception {
        http.create("locked", "&attendeePW=ap&moderatorPW=mp");

        HttpResponse<String> wrong = http.get("join", "meetingID=locked&fullName=Eve&password=nope");
        HttpResponse<String> none = http.get("join", "meetingID=locked&fullName=Eve");

        assertEquals(200, wrong.statusCode());
        assertEquals("Params required", text(wrong.body(), "/response/messageKey"));
        assertEquals("You must enter a valid password", text(wrong.body(), "/response/message"));
        assertEquals("You must either send the valid role of the user, or the password, should the meeting have one.",
                text(none.body(), "/response/message"));
        assertEquals(0, node.attendeeCount());
    }

    // domain/Meeting.java calcGuestStatus, ALWAYS_ACCEPT: a guest is let in
    @Test
    void alwaysAcceptLetsGuestsIn() throws Exception {
        http.create("open", "&guestPolicy=ALWAYS_ACCEPT");

        String xml = http.get("join", "meetingID=open&fullName=G&role=viewer&guest=true&redirect=false").body();

        assertEquals("ALLOW", text(xml, "/response/guestStatus"));
        assertEquals(1, node.attendeeCount());
        FixtureShapes.assertSameShape(EmulatorHttp.fixture("join_redirect_false_guestStatus_marsha.xml"), xml);
    }

    // Meeting.java calcGuestStatus, ASK_MODERATOR: guests and (authenticated) viewers wait, moderators do not; a
    // waiting user is in the lobby, not in the meeting
    @Test
    void askModeratorMakesGuestsAndViewersWait() throws Exception {
        http.create("asking", "&guestPolicy=ASK_MODERATOR");

        String guest = http.get("join", "meetingID=asking&fullName=G&role=viewer&guest=true&redirect=false").body();
        String viewer = http.get("join", "meetingID=asking&fullName=V&role=viewer&redirect=false").body();
        String invited = http.get("join", "meetingID=asking&fullName=I&role=viewer&guest=false&redirect=false")
                .body();
        String moderator = http.get("join", "meetingID=asking&fullName=M&role=moderator&guest=true&redirect=false")
                .body();

        assertEquals("WAIT", text(guest, "/response/guestStatus"));
        assertEquals("successfullyJoined", text(guest, "/response/messageKey"));
        assertEquals("WAIT", text(viewer, "/response/guestStatus"));
        assertEquals("ALLOW", text(invited, "/response/guestStatus"));
        assertEquals("ALLOW", text(moderator, "/response/guestStatus"));
        assertEquals(2, node.attendeeCount());
    }

    // Meeting.java calcGuestStatus, ALWAYS_DENY; ApiController.groovy join: guestDeniedAccess, as XML with
    // redirect=false and as a redirect otherwise
    @Test
    void alwaysDenyRefusesGuests() throws Exception {
        http.create("closed", "&guestPolicy=ALWAYS_DENY");

        String xml = http.get("join", "meetingID=closed&fullName=G&role=viewer&guest=true&redirect=false").body();
        String errors = redirectErrors(http.get("join", "meetingID=closed&fullName=G&role=viewer&guest=true"));

        assertEquals("guestDeniedAccess", text(xml, "/response/messageKey"));
        assertEquals("You have been denied access to this meeting based on the meeting's guest policy",
                text(xml, "/response/message"));
        assertTrue(errors.contains("\"key\":\"guestDeniedAccess\""), errors);
        assertEquals(0, node.attendeeCount());
    }

    // ApiController.groovy hasReachedMaxParticipants: distinct external user IDs; the same userID may rejoin
    @Test
    void aFullMeetingRefusesNewUsersButNotRejoins() throws Exception {
        http.create("small", "&maxParticipants=1");
        http.get("join", "meetingID=small&fullName=A&role=viewer&userID=u1");

        String other = http.get("join", "meetingID=small&fullName=B&role=viewer&userID=u2&redirect=false").body();
        String again = http.get("join", "meetingID=small&fullName=A&role=viewer&userID=u1&redirect=false").body();

        assertEquals("maxParticipantsReached", text(other, "/response/messageKey"));
        assertEquals("The number of participants allowed for this meeting has been reached.",
                text(other, "/response/message"));
        assertEquals("SUCCESS", text(again, "/response/returncode"));
    }

    // ApiController.groovy join: a createTime that is not the meeting's is refused
    @Test
    void aStaleCreateTimeIsRefused() throws Exception {
        String createTime = text(http.create("timed", ""), "/response/createTime");

        String stale = http.get("join", "meetingID=timed&fullName=A&role=viewer&createTime=1&redirect=false").body();
        String current = http.get("join", "meetingID=timed&fullName=A&role=viewer&redirect=false&createTime="
                + createTime).body();

        assertEquals("mismatchCreateTimeParam", text(stale, "/response/messageKey"));
        assertEquals("SUCCESS", text(current, "/response/returncode"));
    }

    private static String location(HttpResponse<String> response) {
        assertEquals(302, response.statusCode(), response::body);
        return response.headers().firstValue("Location").orElseThrow();
    }
}
