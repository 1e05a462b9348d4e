package io.caravan.emulator;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes one BBB API response document. bbb-web sends a bare {@code <response>} root without an XML declaration and
 * without indentation, so that is what this produces; clients compare structure, not layout.
 */
final class ResponseXml {

    private final StringBuilder out = new StringBuilder(512);
    private final Deque<String> open = new ArrayDeque<>();

    private ResponseXml(String returncode) {
        start("response");
        element("returncode", returncode);
    }

    static ResponseXml success() {
        return new ResponseXml("SUCCESS");
    }

    static ResponseXml failed() {
        return new ResponseXml("FAILED");
    }

    /** A leaf element; a null value is written as an empty element, as bbb-web does for unset fields. */
    ResponseXml element(String name, Object value) {
        out.append('<').append(name).append('>');
        if (value != null) {
            escapeInto(String.valueOf(value));
        }
        out.append("</").append(name).append('>');
        return this;
    }

    /** A self-closed element such as the {@code <meetings/>} bbb-web sends when there are none. */
    ResponseXml empty(String name) {
        out.append('<').append(name).append("/>");
        return this;
    }

    ResponseXml start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    ResponseXml end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** The document, closing whatever is still open. */
    String toXml() {
        while (!open.isEmpty()) {
            end();
        }
        return out.toString();
    }

    /**
     * True when the name can be an element name. Metadata keys come from callers as {@code meta_<key>} and become
     * element names; a key such as {@code 1st key} would make the whole document unparseable.
     */
    static boolean isElementName(String name) {
        if (name.isEmpty() || name.regionMatches(true, 0, "xml", 0, 3)) {
            return false;
        }
        char first = name.charAt(0);
        if (!(Character.isLetter(first) || first == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private void escapeInto(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // control characters other than tab and line breaks are not allowed in XML 1.0 at all, not even
                    // escaped; dropping them keeps a parameter full of junk from breaking the whole response
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
    }
}
