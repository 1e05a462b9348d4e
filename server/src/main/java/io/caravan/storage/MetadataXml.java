package io.caravan.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import io.caravan.storage.RecordingRefused.Reason;

/**
 * Reads one format's metadata.xml, the file bbb's publish scripts write and bbb-web's RecMeta reads, with bbb-web's
 * defaults for what a file leaves out. The file comes from an upload, so the parser reads no DTD, resolves no
 * entity and refuses a DOCTYPE outright. A DOM, not StAX: the file is a few kilobytes (its size is capped while it
 * is unpacked) and the {@code <meta>} and preview elements are read as trees.
 */
final class MetadataXml {

    private MetadataXml() {
    }

    /** The recording as this one file describes it, its one format in {@code formats}. */
    static RecordingMetadata read(InputStream in, String fileName) throws IOException {
        Element recording = parse(in, fileName).getDocumentElement();
        if (!"recording".equals(recording.getTagName())) {
            throw bad(fileName, "its root is <" + recording.getTagName() + ">, not bbb's <recording>");
        }
        String recordId = text(recording, "id", "");
        if (recordId.isBlank()) {
            throw bad(fileName, "it has no <id>");
        }
        Map<String, String> meta = meta(child(recording, "meta"));
        Element meeting = child(recording, "meeting");
        // bbb 2.0 and later write <meeting externalId>; older files have the meetingID only among the meta entries
        String meetingId = meeting != null ? meeting.getAttribute("externalId") : meta.getOrDefault("meetingId", "");
        if (meetingId.isBlank()) {
            throw bad(fileName, "it names no meeting (no <meeting externalId> nor <meta><meetingId>)");
        }
        String internalId = meeting != null ? meeting.getAttribute("id") : "";
        String name = meeting != null && meeting.hasAttribute("name") ? meeting.getAttribute("name")
                : meta.getOrDefault("meetingName", "");
        Element playback = child(recording, "playback");
        if (playback == null || text(playback, "format", "").isBlank()) {
            throw bad(fileName, "it has no <playback><format>");
        }
        RecordingFormat format = new RecordingFormat(text(playback, "format", ""), text(playback, "link", "").strip(),
                number(playback, "processing_time", fileName), number(playback, "duration", fileName),
                number(playback, "size", fileName), previewImages(playback, fileName));
        return new RecordingMetadata(recordId.strip(), meetingId, internalId, name, text(recording, "state", ""),
                Boolean.parseBoolean(text(recording, "published", "true").strip()),
                number(recording, "start_time", fileName), number(recording, "end_time", fileName),
                (int) number(recording, "participants", fileName), number(recording, "raw_size", fileName), meta,
                List.of(format));
    }

    private static Document parse(InputStream in, String fileName) throws IOException {
        try {
            DocumentBuilder builder = hardenedFactory().newDocumentBuilder();
            builder.setErrorHandler(new ThrowingErrorHandler());
            // no system id: a relative reference has nothing to resolve against
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + systemId + " refused");
            });
            return builder.parse(in);
        } catch (SAXParseException e) {
            String why = e.getMessage() != null && e.getMessage().contains("DOCTYPE") ? "it has a DOCTYPE"
                    : "it is not well-formed XML (" + e.getMessage() + ")";
            throw bad(fileName, why);
        } catch (SAXException e) {
            throw bad(fileName, e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a hardening feature", e);
        }
    }

    private static DocumentBuilderFactory hardenedFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(false);
        return factory;
    }

    private static Map<String, String> meta(Element meta) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (meta != null) {
            for (Node n = meta.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    entries.put(e.getTagName(), e.getTextContent());
                }
            }
        }
        return entries;
    }

    private static List<PreviewImage> previewImages(Element playback, String fileName) {
        Element images = child(child(child(playback, "extensions"), "preview"), "images");
        List<PreviewImage> found = new ArrayList<>();
        if (images != null) {
            for (Node n = images.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element image && "image".equals(image.getTagName())) {
                    found.add(new PreviewImage(image.getTextContent().strip(),
                            (int) attributeNumber(image, "width", fileName),
                            (int) attributeNumber(image, "height", fileName), image.getAttribute("alt")));
                }
            }
        }
        return found;
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name, String absent) {
        Element e = child(parent, name);
        return e == null ? absent : e.getTextContent();
    }

    /** bbb-web's getValLong: absent or empty is 0, anything else must be a number. */
    private static long number(Element parent, String name, String fileName) {
        String value = text(parent, name, "").strip();
        return parseNumber(value, "<" + name + ">", fileName);
    }

    private static long attributeNumber(Element element, String name, String fileName) {
        return parseNumber(element.getAttribute(name).strip(), "<image " + name + ">", fileName);
    }

    private static long parseNumber(String value, String what, String fileName) {
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw bad(fileName, what + " is not a number: " + value);
        }
    }

    private static RecordingRefused bad(String fileName, String why) {
        return new RecordingRefused(Reason.BAD_METADATA, fileName + " is not a BBB recording's metadata.xml: " + why);
    }

    /** Without it the JDK's parser prints "[Fatal Error]" on stderr before throwing. */
    private static final class ThrowingErrorHandler implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    }
}
