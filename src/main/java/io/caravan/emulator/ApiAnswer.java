package io.caravan.emulator;

/**
 * What the emulated bbb-web answers to one API call: an XML document (JSON for the text track calls), or (for
 * {@code join}) a redirect into the
 * the client. Faults such as HTTP 500 are added by {@link EmulatedNode}, not here, because they are not BBB behaviour.
 */
record ApiAnswer(int status, String body, String location, String contentType) {

    /** bbb-web's content type for every XML answer, errors included. */
    static final String XML_CONTENT_TYPE = "text/xml;charset=utf-8";
    /** bbb-web's content type of getRecordingTextTracks and putRecordingTextTrack answers (Grails render json). */
    static final String JSON_CONTENT_TYPE = "application/json;charset=utf-8";

    static ApiAnswer xml(String body) {
        return new ApiAnswer(200, body, null, XML_CONTENT_TYPE);
    }

    static ApiAnswer json(String body) {
        return new ApiAnswer(200, body, null, JSON_CONTENT_TYPE);
    }

    static ApiAnswer redirect(String location) {
        return new ApiAnswer(302, "", location, null);
    }

    boolean isRedirect() {
        return location != null;
    }
}
