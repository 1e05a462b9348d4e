package io.caravan.emulator;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * bbb-web's ValidationService for the calls the emulated node serves: the duplicate-checksum guard, then the
 * checksum alone, then the request class's own constraints (CreateMeeting, JoinMeeting, MeetingRunning, MeetingInfo,
 * EndMeeting, SimpleRequest, InsertDocument, SendChatMessage, GetJoinUrl) collected into {@link Violations}.
 * Values are checked sanitised (control characters out, trimmed), as ValidationService does before validating.
 */
final class RequestValidation {

    private static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data");
    private static final Set<String> CREATE_TYPES =
            Set.of("application/x-www-form-urlencoded", "multipart/form-data", "application/xml", "text/xml");
    private static final Set<String> XML_TYPES = Set.of("application/xml", "text/xml");

    private final String secret;
    private final Function<String, EmulatedMeeting> meetings;
    private final Function<String, UserSession> sessions;

    /**
     * @param meetings finds a meeting as bbb-web's ServiceUtils.findMeetingFromMeetingID does; null when none
     * @param sessions finds a user session by its token; null when none
     */
    RequestValidation(String secret, Function<String, EmulatedMeeting> meetings,
            Function<String, UserSession> sessions) {
        this.secret = secret;
        this.meetings = meetings;
        this.sessions = sessions;
    }

    Optional<ApiError> create(ApiCall call) {
        return checked(call).or(() -> {
            CallParameters params = call.params();
            Violations violations = new Violations();
            contentType(call, CREATE_TYPES, violations);
            String name = params.sanitized("name");
            violations.addIf(name == null, ApiError.NAME_MISSING)
                    .addIf(name != null && name.isEmpty(), ApiError.NAME_EMPTY)
                    .addIf(name != null && (name.length() < 2 || name.length() > 256), ApiError.NAME_SIZE);
            meetingID(params.sanitized("meetingID"), violations);
            password(params.sanitized("attendeePW"), violations);
            password(params.sanitized("moderatorPW"), violations);
            return violations.reported();
        });
    }

    Optional<ApiError> join(ApiCall call) {
        return checked(call).or(() -> {
            CallParameters params = call.params();
            Violations violations = new Violations();
            contentType(call, FORM_TYPES, violations);
            String meetingID = params.sanitized("meetingID");
            meetingID(meetingID, violations);
            EmulatedMeeting meeting = meetingID == null ? null : meetings.apply(meetingID);
            // MeetingExists, MeetingEnded and JoinPassword all fail for a meeting that is not there; which of the
            // three bbb-web reports is the HashMap's choice
            violations.addIf(meeting == null, ApiError.JOIN_NOT_FOUND)
                    .addIf(meeting == null, ApiError.FORCIBLY_ENDED)
                    .addIf(meeting == null, ApiError.JOIN_PASSWORD);
            String fullName = params.sanitized("fullName");
            violations.addIf(fullName != null && fullName.isEmpty(), ApiError.FULL_NAME_EMPTY);
            password(params.sanitized("password"), violations);
            violations.addIf(!isBoolean(params.sanitized("guest")), ApiError.GUEST_NOT_BOOLEAN)
                    .addIf(!isBoolean(params.sanitized("auth")), ApiError.AUTH_NOT_BOOLEAN);
            return violations.reported();
        });
    }

    Optional<ApiError> isMeetingRunning(ApiCall call) {
        return meetingCall(call, FORM_TYPES, false);
    }

    Optional<ApiError> getMeetingInfo(ApiCall call) {
        return meetingCall(call, FORM_TYPES, true);
    }

    Optional<ApiError> end(ApiCall call) {
        return checked(call).or(() -> {
            CallParameters params = call.params();
            Violations violations = new Violations();
            contentType(call, FORM_TYPES, violations);
            String meetingID = params.sanitized("meetingID");
            meetingID(meetingID, violations);
            EmulatedMeeting meeting = meetingID == null ? null : meetings.apply(meetingID);
            String password = params.sanitized("password");
            password(password, violations);
            // ModeratorPasswordValidator fails for a meeting that is not there as well as for a wrong password
            boolean wrongPassword = meeting != null && password != null && !password.isEmpty()
                    && !meeting.moderatorPW().isEmpty() && !password.equals(meeting.moderatorPW());
            // without meetingID, the password validator's lookup of null throws in bbb-web (an HTTP 500); the oracle
            // answers the existence check's notFound instead, as docs/COMPATIBILITY.md says Caravan does
            violations.addIf(meeting == null, ApiError.NOT_FOUND)
                    .addIf(meetingID != null && (meeting == null || wrongPassword), ApiError.MODERATOR_PASSWORD);
            return violations.reported();
        });
    }

    /** getMeetings and getSessions: only the checksum and the content type. */
    Optional<ApiError> simple(ApiCall call) {
        return checked(call).or(() -> {
            Violations violations = new Violations();
            contentType(call, FORM_TYPES, violations);
            return violations.reported();
        });
    }

    Optional<ApiError> insertDocument(ApiCall call) {
        return meetingCall(call, XML_TYPES, false);
    }

    Optional<ApiError> sendChatMessage(ApiCall call) {
        return checked(call).or(() -> {
            CallParameters params = call.params();
            Violations violations = new Violations();
            contentType(call, FORM_TYPES, violations);
            meetingID(params.sanitized("meetingID"), violations);
            String message = params.sanitized("message");
            String userName = params.sanitized("userName");
            violations.addIf(message == null, ApiError.CHAT_MESSAGE_MISSING)
                    .addIf(message != null && (message.isEmpty() || message.length() > 500),
                            ApiError.CHAT_MESSAGE_SIZE)
                    .addIf(userName != null && userName.length() > 255, ApiError.CHAT_USER_NAME_SIZE);
            return violations.reported();
        });
    }

    /** getJoinUrl has no checksum of its own, only the duplicate guard; the user's session token stands for it. */
    Optional<ApiError> getJoinUrl(ApiCall call) {
        if (call.params().count("checksum") > 1) {
            return Optional.of(ApiError.CHECKSUM_ERROR);
        }
        String token = call.params().sanitized("sessionToken");
        Violations violations = new Violations()
                .addIf(token == null, ApiError.SESSION_TOKEN_MISSING)
                .addIf(token == null || sessions.apply(token) == null, ApiError.SESSION_TOKEN_INVALID);
        return violations.reported();
    }

    private Optional<ApiError> meetingCall(ApiCall call, Set<String> contentTypes, boolean mustExist) {
        return checked(call).or(() -> {
            Violations violations = new Violations();
            contentType(call, contentTypes, violations);
            String meetingID = call.params().sanitized("meetingID");
            meetingID(meetingID, violations);
            violations.addIf(mustExist && (meetingID == null || meetings.apply(meetingID) == null),
                    ApiError.NOT_FOUND);
            return violations.reported();
        });
    }

    /**
     * The checks before the request's own: more than one checksum parameter (bbb-web develop's guard), then the
     * checksum of the raw query. Either answers checksumError with bbb-web's text, and nothing else is looked at.
     */
    private Optional<ApiError> checked(ApiCall call) {
        CallParameters params = call.params();
        if (params.count("checksum") > 1
                || !RequestChecksum.matches(call.name(), call.rawQuery(), params.sanitized("checksum"), secret)) {
            return Optional.of(ApiError.CHECKSUM_ERROR);
        }
        return Optional.empty();
    }

    /** ContentTypeValidator: only a request with a body must say what it is, and in a type the call takes. */
    private static void contentType(ApiCall call, Set<String> supported, Violations violations) {
        if (call.bodyPresent()) {
            String type = call.mediaType();
            violations.addIf(type == null || !supported.contains(type), ApiError.UNSUPPORTED_CONTENT_TYPE);
        }
    }

    /** MeetingIDConstraint: an absent meetingID passes it (each of its parts accepts null). */
    private static void meetingID(String meetingID, Violations violations) {
        if (meetingID == null) {
            return;
        }
        violations.addIf(meetingID.isEmpty(), ApiError.MEETING_ID_EMPTY)
                .addIf(meetingID.length() < 2 || meetingID.length() > 256, ApiError.MEETING_ID_SIZE)
                .addIf(meetingID.isEmpty() || meetingID.contains(","), ApiError.MEETING_ID_COMMA);
    }

    /** PasswordConstraint: absent or empty is fine, otherwise 2 to 64 characters. */
    private static void password(String password, Violations violations) {
        violations.addIf(password != null && !password.isEmpty() && (password.length() < 2 || password.length() > 64),
                ApiError.PASSWORD_SIZE);
    }

    /** IsBooleanConstraint: absent or empty is fine, otherwise true or false. */
    private static boolean isBoolean(String value) {
        return value == null || value.isEmpty() || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
    }
}
