package io.caravan.emulator;

/**
 * What the emulated bbb-web answers to one API call: an XML document, or (for {@code join}) a redirect into the
 * client. Faults such as HTTP 500 are added by {@link EmulatedNode}, not here, because they are not BBB behaviour.
 */
record ApiAnswer(int status, String body, String location) {

    /** bbb-web's content type for every XML answer, errors included. */
    static final String XML_CONTENT_TYPE = "text/xml;charset=utf-8";

    static ApiAnswer xml(String body) {
        return new ApiAnswer(200, body, null);
    }

    static ApiAnswer redirect(String location) {
        return new ApiAnswer(302, "", location);
    }

    boolean isRedirect() {
        return location != null;
    }
}
