package io.caravan.emulator;

/**
 * A FAILED answer of bbb-web: its message key and message, exactly as bbb-web writes them, since Caravan and BBB
 * client libraries branch on the key and people reading logs recognise the text. The constants are the ones the
 * emulated calls give; where bbb-web uses one key with several messages there are several constants. Sources are
 * named in docs/BBB-WEB-RULES.md (ApiController, RecordingController and the constraint classes of bbb-common-web).
 */
record ApiError(String messageKey, String message) {

    // checksums (GetChecksumConstraint; the recording calls still use the legacy text of ParamsProcessorUtil)
    static final ApiError CHECKSUM_ERROR = new ApiError("checksumError", "Checksums do not match");
    static final ApiError LEGACY_CHECKSUM_ERROR =
            new ApiError("checksumError", "You did not pass the checksum security check");
    static final ApiError UNSUPPORTED_CONTENT_TYPE =
            new ApiError("unsupportedContentType", "POST request Content-Type is missing or unsupported");

    // meetingID (MeetingIDConstraint), name (MeetingNameConstraint), passwords (PasswordConstraint)
    static final ApiError MEETING_ID_EMPTY = new ApiError("missingParamMeetingID", "You must provide a meeting ID");
    static final ApiError MEETING_ID_SIZE =
            new ApiError("sizeError", "Meeting ID must be between 2 and 256 characters");
    static final ApiError MEETING_ID_COMMA = new ApiError("validationError", "Meeting ID cannot contain ','");
    static final ApiError INVALID_MEETING_ID = new ApiError("validationError", "Invalid meeting ID");
    static final ApiError NAME_MISSING = new ApiError("nullError", "You must provide a meeting name");
    static final ApiError NAME_EMPTY = new ApiError("emptyError", "You must provide a meeting name");
    static final ApiError NAME_SIZE = new ApiError("sizeError", "Meeting name must be between 2 and 256 characters");
    static final ApiError PASSWORD_SIZE = new ApiError("invalidPassword", "Invalid password");

    // meetings that are not there (MeetingExistsConstraint, MeetingEndedConstraint, JoinPasswordConstraint)
    static final ApiError NOT_FOUND = new ApiError("notFound", "A meeting with that ID does not exist");
    static final ApiError JOIN_NOT_FOUND =
            new ApiError("invalidMeetingIdentifier", "A meeting with that ID does not exist");
    static final ApiError FORCIBLY_ENDED = new ApiError("meetingForciblyEnded",
            "You can not join a meeting that has already been forcibly ended");
    static final ApiError JOIN_PASSWORD = new ApiError("invalidPassword",
            "The provided password is neither a moderator or attendee password");
    static final ApiError MODERATOR_PASSWORD =
            new ApiError("invalidPassword", "The supplied moderator password is incorrect");
    static final ApiError ID_NOT_UNIQUE = new ApiError("idNotUnique",
            "A meeting already exists with that meeting ID.  Please use a different meeting ID.");

    // join (JoinMeeting constraints and ApiController.join)
    static final ApiError FULL_NAME_EMPTY = new ApiError("missingParamFullName", "You must provide your name");
    static final ApiError GUEST_NOT_BOOLEAN =
            new ApiError("validationError", "Guest must be a boolean value (true or false)");
    static final ApiError AUTH_NOT_BOOLEAN =
            new ApiError("validationError", "Auth must be a boolean value (true or false)");
    static final ApiError CREATE_TIME_MISMATCH = new ApiError("mismatchCreateTimeParam",
            "The createTime parameter submitted mismatches with the current meeting.");
    /** bbb-web really sends "Params required" as the message key of these three. */
    static final ApiError WRONG_PASSWORD = new ApiError("Params required", "You must enter a valid password");
    static final ApiError NO_PASSWORDS_NO_ROLE = new ApiError("Params required",
            "You must send the 'role' parameter, since this meeting doesn't have any password.");
    static final ApiError NO_ROLE_NO_PASSWORD = new ApiError("Params required",
            "You must either send the valid role of the user, or the password, should the meeting have one.");
    static final ApiError MAX_PARTICIPANTS = new ApiError("maxParticipantsReached",
            "The number of participants allowed for this meeting has been reached.");
    static final ApiError GUEST_DENIED = new ApiError("guestDeniedAccess",
            "You have been denied access to this meeting based on the meeting's guest policy");

    // sendChatMessage (SendChatMessage constraints and ApiController.sendChatMessage)
    static final ApiError CHAT_MESSAGE_MISSING = new ApiError("nullError", "You must provide the param message");
    static final ApiError CHAT_MESSAGE_SIZE =
            new ApiError("sizeError", "Param message must be between 1 and 500 characters");
    static final ApiError CHAT_USER_NAME_SIZE =
            new ApiError("sizeError", "Param userName must not exceed 255 characters");
    static final ApiError CHAT_MEETING_NOT_FOUND = new ApiError("meetingNotFound", "Meeting not found");

    // getJoinUrl (UserSessionConstraint)
    static final ApiError SESSION_TOKEN_MISSING = new ApiError("missingToken", "You must provide a session token");
    static final ApiError SESSION_TOKEN_INVALID = new ApiError("missingSession", "Invalid session token");

    // insertDocument
    static final ApiError MALFORMED_XML = new ApiError("malformedXml", "The request body contains malformed XML.");

    // recordings (RecordingController)
    static final ApiError MISSING_RECORD_ID = new ApiError("missingParamRecordID", "You must specify a recordID.");
    static final ApiError MISSING_PUBLISH =
            new ApiError("missingParamPublish", "You must specify a publish value true or false.");
    static final ApiError RECORDINGS_NOT_FOUND = new ApiError("notFound", "We could not find recordings");

    /** The one place a FAILED document is written; bbb-web's invalid() always adds Cache-Control: no-cache. */
    ApiAnswer answer() {
        return ApiAnswer.xml(ResponseXml.failed()
                .element("messageKey", messageKey)
                .element("message", message)
                .toXml()).withNoCache();
    }
}
