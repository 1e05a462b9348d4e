package io.caravan.support;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads values out of BBB XML answers in tests. */
public final class Xml {

    private final Document document;

    private Xml(Document document) {
        this.document = document;
    }

    public static Xml parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new Xml(factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + xml, e);
        }
    }

    /** Text of the first element with this name anywhere in the answer, or null. */
    public String text(String element) {
        NodeList nodes = document.getElementsByTagName(element);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    public List<String> texts(String element) {
        NodeList nodes = document.getElementsByTagName(element);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }

    public String returncode() {
        return text("returncode");
    }

    public String messageKey() {
        return text("messageKey");
    }

    public Element root() {
        return document.getDocumentElement();
    }
}
