package io.caravan.bbb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads nodes' XML answers. The parser refuses DOCTYPEs and external entities: answers come over the network from
 * machines Caravan does not control.
 */
public final class NodeAnswers {

    private static final DocumentBuilderFactory PARSERS = hardenedFactory();
    private static final ThreadLocal<DocumentBuilder> PARSER = new ThreadLocal<>();
    private static final TransformerFactory SERIALIZERS = hardenedTransformers();
    private static final Set<String> JSON_CALLS = Set.of("getRecordingTextTracks", "putRecordingTextTrack");
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeAnswers() {
    }

    public static Document parse(byte[] xml) {
        if (xml == null || xml.length == 0) {
            throw new NodeAnswerError("empty answer");
        }
        try {
            DocumentBuilder builder = newParser();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new NodeAnswerError("answer is not XML: " + e.getMessage());
        }
    }

    /** The answer's returncode, messageKey and message; throws when it is not a BBB response at all. */
    public static Outcome outcome(Document answer) {
        Element root = answer.getDocumentElement();
        if (!"response".equals(root.getTagName())) {
            throw new NodeAnswerError("answer is not a BBB <response>");
        }
        String returncode = childText(root, "returncode");
        if (returncode == null) {
            throw new NodeAnswerError("answer has no returncode");
        }
        return new Outcome(returncode.trim(), childText(root, "messageKey"), childText(root, "message"));
    }

    /** The meetings of a getMeetings answer; a FAILED answer is an error. Read as a stream: see MeetingsReader. */
    public static List<PolledMeeting> meetings(byte[] xml) {
        return MeetingsReader.meetings(xml);
    }

    /** The {@code <recording>} elements of a getRecordings answer; a FAILED answer is an error. */
    public static List<Element> recordings(byte[] xml) {
        return recordingsPage(xml).recordings();
    }

    /**
     * One page of a getRecordings answer.
     *
     * @param recordings    its {@code <recording>} elements
     * @param totalElements the number of recordings over all pages, which bbb-web 2.6+ adds when asked with a
     *                      limit; null from a node that does not page (it answered everything at once)
     */
    public record RecordingsPage(List<Element> recordings, Long totalElements) {
    }

    /** A getRecordings answer as one page; a FAILED answer is an error. */
    public static RecordingsPage recordingsPage(byte[] xml) {
        Document answer = parse(xml);
        Outcome outcome = outcome(answer);
        if (!outcome.success()) {
            throw new NodeAnswerError("getRecordings FAILED: " + outcome.messageKey());
        }
        List<Element> recordings = new ArrayList<>();
        Element list = child(answer.getDocumentElement(), "recordings");
        if (list != null) {
            for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element recording && "recording".equals(recording.getTagName())) {
                    recordings.add(recording);
                }
            }
        }
        String total = childText(answer.getDocumentElement(), "totalElements");
        Long totalElements = null;
        if (total != null) {
            try {
                totalElements = Long.parseLong(total);
            } catch (NumberFormatException e) {
                throw new NodeAnswerError("getRecordings totalElements is not a number");
            }
        }
        return new RecordingsPage(recordings, totalElements);
    }

    /**
     * Checks that a node's answer to call is a BBB response: XML, or for the calls bbb-web answers in JSON
     * (getRecordingTextTracks, putRecordingTextTrack) a JSON {@code {"response":{"returncode":...}}} too, since
     * bbb-web still answers their checksum and missing-parameter errors in XML.
     */
    public static Outcome check(String call, byte[] body) {
        if (JSON_CALLS.contains(call) && isJson(body)) {
            return jsonOutcome(body);
        }
        return outcome(parse(body));
    }

    private static boolean isJson(byte[] body) {
        if (body == null) {
            return false;
        }
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    private static Outcome jsonOutcome(byte[] body) {
        JsonNode response;
        try {
            response = JSON.readTree(body).path("response");
        } catch (IOException e) {
            throw new NodeAnswerError("answer is not JSON: " + e.getMessage());
        }
        if (!response.path("returncode").isTextual()) {
            throw new NodeAnswerError("JSON answer has no response.returncode");
        }
        return new Outcome(response.path("returncode").asText().trim(), response.path("messageKey").asText(null),
                response.path("message").asText(null));
    }

    /** The trimmed text of the named child element, or null. */
    public static String text(Element parent, String name) {
        return childText(parent, name);
    }

    /** The named child element, or null. */
    public static Element element(Element parent, String name) {
        return child(parent, name);
    }

    /** The element as XML text, without declaration. */
    public static String xml(Element element) {
        return serialize(element);
    }

    /** The BBB version in a node's answer to {@code GET /bigbluebutton/api} (bbbVersion, else apiVersion). */
    public static String bbbVersion(byte[] xml) {
        Document answer = parse(xml);
        if (!outcome(answer).success()) {
            throw new NodeAnswerError("version answer FAILED");
        }
        String version = childText(answer.getDocumentElement(), "bbbVersion");
        if (version == null || version.isEmpty()) {
            String api = childText(answer.getDocumentElement(), "apiVersion");
            version = api == null || api.isEmpty() ? "unknown" : "API " + api;
        }
        return version;
    }

    /** A node's CPU load answer (B3LB style): a plain integer 0..10000. */
    public static int cpuLoad(byte[] body) {
        String text = body == null ? "" : new String(body, java.nio.charset.StandardCharsets.US_ASCII).trim();
        try {
            int value = Integer.parseInt(text);
            if (value < 0 || value > 10000) {
                throw new NodeAnswerError("load " + value + " is outside 0..10000");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new NodeAnswerError("load answer is not an integer");
        }
    }

    public record Outcome(String returncode, String messageKey, String message) {
        public boolean success() {
            return "SUCCESS".equals(returncode);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    private static String childText(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static String serialize(Element element) {
        try {
            Transformer transformer = newSerializer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(element), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new NodeAnswerError("cannot serialize element: " + e.getMessage());
        }
    }

    // JAXP factories are not specified as thread-safe; the parsers they make are used by one thread each
    /**
     * A parser of this thread's, reset for the next answer. Building one per answer showed in the create's profile,
     * and handing them out under one lock made every node answer wait for the others'.
     */
    private static DocumentBuilder newParser() throws ParserConfigurationException {
        DocumentBuilder builder = PARSER.get();
        if (builder == null) {
            builder = PARSERS.newDocumentBuilder();
            PARSER.set(builder);
        } else {
            builder.reset();
        }
        return builder;
    }

    private static synchronized Transformer newSerializer() throws TransformerException {
        return SERIALIZERS.newTransformer();
    }

    private static DocumentBuilderFactory hardenedFactory() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            return factory;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser without secure processing", e);
        }
    }

    private static TransformerFactory hardenedTransformers() {
        TransformerFactory factory = TransformerFactory.newInstance();
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        return factory;
    }
}
