package io.caravan.emulator;

/**
 * What the emulated bbb-web answers to one API call: an XML document (JSON for some calls), a redirect ({@code join}),
 * or one of the bare HTTP errors Grails and Tomcat give outside bbb-web's own documents. Faults such as a node
 * answering HTTP 500 on purpose are added by {@link EmulatedNode}, not here, because they are not BBB behaviour.
 *
 * @param noCache whether bbb-web adds {@code Cache-Control: no-cache} to this answer (it does on most, not all)
 */
record ApiAnswer(int status, String body, String location, String contentType, boolean noCache) {

    /** bbb-web's content type for every XML answer, errors included. */
    static final String XML_CONTENT_TYPE = "text/xml;charset=utf-8";
    /** bbb-web's content type of its JSON answers (Grails render json). */
    static final String JSON_CONTENT_TYPE = "application/json;charset=utf-8";
    static final String HTML_CONTENT_TYPE = "text/html;charset=utf-8";

    static ApiAnswer xml(String body) {
        return new ApiAnswer(200, body, null, XML_CONTENT_TYPE, false);
    }

    static ApiAnswer json(String body) {
        return new ApiAnswer(200, body, null, JSON_CONTENT_TYPE, false);
    }

    static ApiAnswer redirect(String location) {
        return new ApiAnswer(302, "", location, null, false);
    }

    /**
     * An HTTP error page of the servlet container: an unknown call (404), a call with a method its URL mapping does
     * not list (405), or an exception inside bbb-web (500).
     */
    static ApiAnswer httpError(int status, String reason) {
        return new ApiAnswer(status, "<!doctype html><html lang=\"en\"><head><title>HTTP Status " + status + " – "
                + reason + "</title></head><body><h1>HTTP Status " + status + " – " + reason + "</h1></body></html>",
                null, HTML_CONTENT_TYPE, false);
    }

    ApiAnswer withNoCache() {
        return new ApiAnswer(status, body, location, contentType, true);
    }

    boolean isRedirect() {
        return location != null;
    }
}
