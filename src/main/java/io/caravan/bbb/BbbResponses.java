package io.caravan.bbb;

import java.util.List;

/**
 * The XML answers Caravan writes itself, in bbb-web's shapes. Answers that come from a node are passed through
 * untouched and never built here.
 */
public final class BbbResponses {

    public static final String CONTENT_TYPE = "text/xml;charset=utf-8";

    private final String caravanVersion;

    public BbbResponses(String caravanVersion) {
        this.caravanVersion = caravanVersion;
    }

    public static String error(BbbError error) {
        // a few bbb-web answers carry no messageKey (insertDocument of an unknown meeting)
        String key = error.messageKey() == null ? ""
                : "<messageKey>" + XmlText.escape(error.messageKey()) + "</messageKey>";
        return "<response><returncode>FAILED</returncode>" + key + "<message>" + XmlText.escape(error.getMessage())
                + "</message></response>";
    }

    /** The answer to {@code GET /bigbluebutton/api}: the API version Caravan speaks, like bbb-web's. */
    public String version() {
        return "<response><returncode>SUCCESS</returncode><version>2.0</version><apiVersion>2.0</apiVersion>"
                + "<bbbVersion></bbbVersion><caravanVersion>" + XmlText.escape(caravanVersion)
                + "</caravanVersion></response>";
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
