package io.caravan.bbb;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a getMeetings answer in one pass over the XML stream (StAX), without building a DOM (issue #10: the DOM parse
 * and the serialization of each meeting were most of a poll's CPU). Its results are those of the DOM reading it
 * replaced: the same checks in the same order, each field the trimmed text of the meeting's first child element of
 * that name, and {@code xml()} the text the JDK's identity transformer writes for the meeting's DOM element (its
 * escapes, attributes sorted by name, {@code <empty/>} elements), so Caravan's own getMeetings answer is unchanged.
 * DOCTYPEs are refused and no external entity is ever read: answers come from machines Caravan does not control.
 */
final class MeetingsReader {

    private static final XMLInputFactory FACTORY = hardenedFactory();
    private static final String[] FIELDS = {"meetingID", "meetingName", "running", "participantCount",
            "listenerCount", "voiceParticipantCount", "videoCount", "moderatorCount"};

    private final XMLStreamReader reader;
    private String root;
    private String returncode;
    private String messageKey;
    private boolean meetingsSeen;
    private final List<PolledMeeting> meetings = new ArrayList<>();

    private MeetingsReader(XMLStreamReader reader) {
        this.reader = reader;
    }

    static List<PolledMeeting> meetings(byte[] xml) {
        if (xml == null || xml.length == 0) {
            throw new NodeAnswerError("empty answer");
        }
        MeetingsReader answer;
        try {
            XMLStreamReader reader = newReader(xml);
            try {
                answer = new MeetingsReader(reader);
                answer.readDocument();
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            // as with the DOM parser, whatever the reader throws on a node's answer is the answer's fault
            if (e instanceof NodeAnswerError error) {
                throw error;
            }
            // the reader's message spans lines ("ParseError at [row,col]:[1,9]\nMessage: ..."); /health shows one
            String message = String.valueOf(e.getMessage()).replaceAll("\\s*\n\\s*", " ");
            throw new NodeAnswerError("answer is not XML: " + message);
        }
        // checked once the whole answer has been read, as the DOM parse did: broken XML anywhere is "not XML"
        if (!"response".equals(answer.root)) {
            throw new NodeAnswerError("answer is not a BBB <response>");
        }
        if (answer.returncode == null) {
            throw new NodeAnswerError("answer has no returncode");
        }
        if (!"SUCCESS".equals(answer.returncode)) {
            throw new NodeAnswerError("getMeetings FAILED: " + answer.messageKey);
        }
        return answer.meetings;
    }

    private void readDocument() throws XMLStreamException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.DTD) {
                throw new NodeAnswerError("answer is not XML: DOCTYPE is not allowed");
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                root = name();
                readRoot();
            }
        }
    }

    /** The root's direct children: the first returncode, messageKey and meetings count, as in the DOM reading. */
    private void readRoot() throws XMLStreamException {
        while (true) {
            int event = reader.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = name();
            if ("returncode".equals(name) && returncode == null) {
                returncode = text().trim();
            } else if ("messageKey".equals(name) && messageKey == null) {
                messageKey = text().trim();
            } else if ("meetings".equals(name) && !meetingsSeen) {
                meetingsSeen = true;
                readMeetings();
            } else {
                skipElement();
            }
        }
    }

    private void readMeetings() throws XMLStreamException {
        while (true) {
            int event = reader.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                if ("meeting".equals(name())) {
                    readMeeting();
                } else {
                    skipElement();
                }
            }
        }
    }

    /** One meeting: its fields from its direct children, and the whole element written out as it goes. */
    private void readMeeting() throws XMLStreamException {
        TransformerText xml = new TransformerText();
        Map<String, StringBuilder> fields = new HashMap<>();
        StringBuilder field = null;
        int depth = 0; // of the current element below <meeting>: 1 for its direct children
        int fieldDepth = 0;
        xml.start(reader, name());
        while (true) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    String name = name();
                    xml.start(reader, name);
                    if (depth == 1 && field == null && isField(name) && !fields.containsKey(name)) {
                        field = new StringBuilder();
                        fields.put(name, field);
                        fieldDepth = depth;
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    xml.end(name());
                    if (depth == 0) {
                        add(fields, xml.toString());
                        return;
                    }
                    if (depth == fieldDepth) {
                        field = null;
                        fieldDepth = 0;
                    }
                    depth--;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> {
                    xml.text(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                    if (field != null) {
                        field.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                    }
                }
                case XMLStreamConstants.CDATA -> {
                    xml.cdata(reader.getText());
                    if (field != null) {
                        field.append(reader.getText());
                    }
                }
                case XMLStreamConstants.COMMENT -> xml.comment(reader.getText());
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> xml.processingInstruction(reader.getPITarget(),
                        reader.getPIData());
                case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw new NodeAnswerError("answer is not XML: undeclared entity " + reader.getLocalName());
                default -> {
                    // nothing else can occur inside an element
                }
            }
        }
    }

    private void add(Map<String, StringBuilder> fields, String xml) {
        String id = field(fields, "meetingID");
        if (id == null || id.isEmpty()) {
            return;
        }
        String name = field(fields, "meetingName");
        meetings.add(new PolledMeeting(id, name == null ? "" : name, "true".equals(field(fields, "running")),
                intField(fields, "participantCount"), intField(fields, "listenerCount"),
                intField(fields, "voiceParticipantCount"), intField(fields, "videoCount"),
                intField(fields, "moderatorCount"), xml));
    }

    private static boolean isField(String name) {
        for (String field : FIELDS) {
            if (field.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String field(Map<String, StringBuilder> fields, String name) {
        StringBuilder text = fields.get(name);
        return text == null ? null : text.toString().trim();
    }

    private static int intField(Map<String, StringBuilder> fields, String name) {
        String text = field(fields, name);
        try {
            return text == null || text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The text content of the current element (its descendants' text and CDATA), leaving the reader at its end. */
    private String text() throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            switch (reader.next()) {
                case XMLStreamConstants.START_ELEMENT -> depth++;
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE, XMLStreamConstants.CDATA ->
                        text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw new NodeAnswerError("answer is not XML: undeclared entity " + reader.getLocalName());
                default -> {
                    // comments and processing instructions are no text
                }
            }
        }
        return text.toString();
    }

    private void skipElement() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new NodeAnswerError("answer is not XML: undeclared entity " + reader.getLocalName());
            }
        }
    }

    /** The element's name as written (prefix included: the reader is not namespace aware, as the DOM parser). */
    private String name() {
        String prefix = reader.getPrefix();
        return prefix == null || prefix.isEmpty() ? reader.getLocalName() : prefix + ":" + reader.getLocalName();
    }

    // JAXP factories are not specified as thread-safe; each reader is used by one thread
    private static synchronized XMLStreamReader newReader(byte[] xml) throws XMLStreamException {
        return FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
    }

    private static XMLInputFactory hardenedFactory() {
        // the JDK's own reader, not whichever the classpath offers (Woodstox, through Jackson): it reports each CDATA
        // section as one event, as the DOM keeps it as one node
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty("http://java.sun.com/xml/stream/properties/report-cdata-event", true);
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entity " + systemId + " refused");
        });
        return factory;
    }

    /**
     * An element written as the JDK's identity transformer (OMIT_XML_DECLARATION, UTF-8, no indent) writes its DOM:
     * in text {@code & < >} escaped, CR as {@code &#13;}, U+007F..U+009F and characters beyond the BMP as character
     * references; in attributes also {@code "} escaped and TAB, LF, CR as references; attributes sorted by name as the
     * DOM keeps them, namespace declarations first; comments and processing instructions as they were; CDATA as it
     * was, except that characters beyond the BMP at its start are written before the section; an element without
     * content as {@code <name/>}. Checked against the JDK's transformer for every character in NodeAnswersTest.
     */
    private static final class TransformerText {

        private final StringBuilder out = new StringBuilder(1024);
        private boolean startOpen;
        private char highSurrogate; // the first half of a pair split between two text events

        void start(XMLStreamReader reader, String name) {
            flushSurrogate();
            closeStart();
            out.append('<').append(name);
            int count = reader.getAttributeCount();
            if (count == 1) {
                String attribute = attributeName(reader, 0);
                attribute(attribute.startsWith("xmlns") ? declaration(attribute) : attribute,
                        reader.getAttributeValue(0));
            } else if (count > 1) {
                String[][] attributes = new String[count][];
                for (int i = 0; i < count; i++) {
                    attributes[i] = new String[] {attributeName(reader, i), reader.getAttributeValue(i)};
                }
                // the DOM keeps attributes sorted by name; the transformer writes namespace declarations first
                Arrays.sort(attributes, (a, b) -> a[0].compareTo(b[0]));
                for (String[] attribute : attributes) {
                    if (attribute[0].startsWith("xmlns")) {
                        attribute(declaration(attribute[0]), attribute[1]);
                    }
                }
                for (String[] attribute : attributes) {
                    if (!attribute[0].startsWith("xmlns")) {
                        attribute(attribute[0], attribute[1]);
                    }
                }
            }
            startOpen = true;
        }

        void end(String name) {
            flushSurrogate();
            if (startOpen) {
                out.append("/>");
                startOpen = false;
            } else {
                out.append("</").append(name).append('>');
            }
        }

        void text(char[] text, int start, int length) {
            if (length == 0) {
                return;
            }
            closeStart();
            int end = start + length;
            int i = start;
            if (highSurrogate != 0) {
                char first = highSurrogate;
                highSurrogate = 0;
                if (Character.isLowSurrogate(text[i])) {
                    reference(Character.toCodePoint(first, text[i]));
                    i++;
                } else {
                    out.append(first);
                }
            }
            int clean = i; // the start of the characters written as they are, copied in one go
            for (; i < end; i++) {
                char c = text[i];
                boolean plain = c < 0x7F ? c != '&' && c != '<' && c != '>' && c != '\r'
                        : c > 0x9F && !Character.isSurrogate(c);
                if (plain) {
                    continue;
                }
                out.append(text, clean, i - clean);
                clean = i + 1;
                switch (c) {
                    case '&' -> out.append("&amp;");
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '\r' -> out.append("&#13;");
                    default -> {
                        if (c >= 0x7F && c <= 0x9F) {
                            reference(c);
                        } else if (Character.isHighSurrogate(c)) {
                            if (i + 1 == end) {
                                highSurrogate = c;
                            } else if (Character.isLowSurrogate(text[i + 1])) {
                                reference(Character.toCodePoint(c, text[++i]));
                                clean = i + 1;
                            } else {
                                out.append(c);
                            }
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append(text, clean, end - clean);
        }

        void cdata(String text) {
            if (text.isEmpty()) {
                return; // the DOM keeps no empty CDATA section
            }
            flushSurrogate();
            closeStart();
            // the transformer opens the section at the first character of the BMP: pairs before it stay outside
            int i = 0;
            while (i + 1 < text.length() && Character.isHighSurrogate(text.charAt(i))
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i += 2;
            }
            out.append(text, 0, i);
            if (i < text.length()) {
                out.append("<![CDATA[").append(text, i, text.length()).append("]]>");
            }
        }

        void comment(String text) {
            flushSurrogate();
            closeStart();
            out.append("<!--").append(text).append("-->");
        }

        void processingInstruction(String target, String data) {
            flushSurrogate();
            closeStart();
            out.append("<?").append(target);
            if (data != null && !data.isEmpty()) {
                out.append(' ').append(data);
            }
            out.append("?>");
        }

        @Override
        public String toString() {
            return out.toString();
        }

        private void attribute(String name, String value) {
            out.append(' ').append(name).append("=\"");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '&' -> out.append("&amp;");
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '"' -> out.append("&quot;");
                    case '\t' -> out.append("&#9;");
                    case '\n' -> out.append("&#10;");
                    case '\r' -> out.append("&#13;");
                    default -> {
                        if (Character.isHighSurrogate(c) && i + 1 < value.length()
                                && Character.isLowSurrogate(value.charAt(i + 1))) {
                            reference(Character.toCodePoint(c, value.charAt(++i)));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        /**
         * The transformer takes every attribute whose name starts with xmlns for a namespace declaration of the prefix
         * after its last colon: names that XML reserves anyway, such as xmlnsx, come out as xmlns.
         */
        private static String declaration(String name) {
            int colon = name.lastIndexOf(':');
            return colon < 0 ? "xmlns" : "xmlns:" + name.substring(colon + 1);
        }

        private static String attributeName(XMLStreamReader reader, int index) {
            String prefix = reader.getAttributePrefix(index);
            String local = reader.getAttributeLocalName(index);
            return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
        }

        private void reference(int codePoint) {
            out.append("&#").append(codePoint).append(';');
        }

        private void closeStart() {
            if (startOpen) {
                out.append('>');
                startOpen = false;
            }
        }

        private void flushSurrogate() {
            if (highSurrogate != 0) {
                out.append(highSurrogate);
                highSurrogate = 0;
            }
        }
    }
}
