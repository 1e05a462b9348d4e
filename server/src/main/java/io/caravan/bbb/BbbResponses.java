package io.caravan.bbb;

import java.util.List;

/**
 * The XML answers Caravan writes itself, in bbb-web's shapes. Answers that come from a node are passed through
 * untouched and never built here.
 */
public final class BbbResponses {

    public static final String CONTENT_TYPE = "text/xml;charset=utf-8";

    public BbbResponses() {
    }

    /** bbb-web's JSON error document (RecordingController#respondWithError). */
    public static String errorJson(BbbError error) {
        return "{\"response\":{\"returncode\":\"FAILED\",\"messageKey\":\"" + jsonText(error.messageKey())
                + "\",\"message\":\"" + jsonText(error.getMessage()) + "\"}}";
    }

    public static String error(BbbError error) {
        // a few bbb-web answers carry no messageKey (insertDocument of an unknown meeting)
        String key = error.messageKey() == null ? ""
                : "<messageKey>" + XmlText.escape(error.messageKey()) + "</messageKey>";
        return "<response><returncode>FAILED</returncode>" + key + "<message>" + XmlText.escape(error.getMessage())
                + "</message></response>";
    }

    /**
     * The answer to {@code GET /bigbluebutton/api}, bbb-web's version document (ApiController#index): the API version
     * and the BBB version every node behind Caravan runs at least. The node-specific URLs of a BBB 3.0 document
     * (graphqlWebsocketUrl, graphqlApiUrl) belong to the node a user's client talks to, so Caravan has none.
     */
    public String version(String bbbVersion) {
        return "<response><returncode>SUCCESS</returncode><version>2.0</version><apiVersion>2.0</apiVersion>"
                + "<bbbVersion>" + XmlText.escape(bbbVersion) + "</bbbVersion></response>";
    }

    /** The same document in JSON, as bbb-web answers a request with {@code Content-Type: application/json}. */
    public String versionJson(String bbbVersion) {
        return "{\n  \"response\": {\n    \"returncode\": \"SUCCESS\",\n    \"version\": \"2.0\",\n"
                + "    \"apiVersion\": \"2.0\",\n    \"bbbVersion\": \"" + jsonText(bbbVersion) + "\"\n  }\n}";
    }

    static String jsonText(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    public static String notRunning() {
        return "<response><returncode>SUCCESS</returncode><running>false</running></response>";
    }

    /** getMeetings over all nodes: the nodes' own {@code <meeting>} elements, concatenated. */
    public static String meetings(List<String> meetingElements) {
        if (meetingElements.isEmpty()) {
            return "<response><returncode>SUCCESS</returncode><meetings/><messageKey>noMeetings</messageKey>"
                    + "<message>no meetings were found on this server</message></response>";
        }
        StringBuilder xml = new StringBuilder(256 + meetingElements.size() * 1024);
        xml.append("<response><returncode>SUCCESS</returncode><meetings>");
        meetingElements.forEach(xml::append);
        return xml.append("</meetings></response>").toString();
    }
}
