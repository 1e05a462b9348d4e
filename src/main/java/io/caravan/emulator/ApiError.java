package io.caravan.emulator;

/**
 * The FAILED answers the emulated node gives, with bbb-web's own message keys and texts: Caravan and BBB client
 * libraries branch on the key, and people reading logs recognise the text. bbb-web uses different texts for
 * {@code notFound} depending on the call, hence several constants with the same key.
 */
enum ApiError {
    CHECKSUM_ERROR("checksumError", "Checksums do not match"),
    MISSING_MEETING_ID("missingParamMeetingID", "You must specify a meeting ID for the meeting."),
    MISSING_FULL_NAME("missingParamFullName",
            "You must specify a name for the attendee who will be joining the meeting."),
    // bbb-web's key for this case is not documented; this one follows its missingParam* naming
    MISSING_CHAT_MESSAGE("missingParamMessage", "You must specify a message to send."),
    ID_NOT_UNIQUE("idNotUnique", "A meeting already exists with that meeting ID.  Please use a different meeting ID."),
    INVALID_MEETING_IDENTIFIER("invalidMeetingIdentifier",
            "The meeting ID that you supplied did not match any existing meetings"),
    INVALID_PASSWORD("invalidPassword", "You either did not supply a password or the password supplied is neither "
            + "the attendee or moderator password for this conference."),
    MEETING_INFO_NOT_FOUND("notFound", "A meeting with that ID does not exist"),
    MEETING_NOT_RUNNING("notFound",
            "We could not find a meeting with that meeting ID - perhaps the meeting is not yet running?"),
    CHAT_MEETING_NOT_FOUND("meetingNotFound", "Meeting not found or not active"),
    MISSING_RECORD_ID("missingParamRecordID", "You must specify one or more a record IDs."),
    MISSING_PUBLISH("missingParamPublish", "You must specify publish true or false."),
    RECORDINGS_NOT_FOUND("notFound", "We could not find recordings"),
    UNSUPPORTED_REQUEST("unsupportedRequest", "This request is not supported.");

    private final String messageKey;
    private final String message;

    ApiError(String messageKey, String message) {
        this.messageKey = messageKey;
        this.message = message;
    }

    String messageKey() {
        return messageKey;
    }

    String message() {
        return message;
    }

    /** The one place a FAILED document is written. */
    ApiAnswer answer() {
        return ApiAnswer.xml(ResponseXml.failed()
                .element("messageKey", messageKey)
                .element("message", message)
                .toXml());
    }
}
