package io.caravan.voice;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The XML documents mod_xml_curl reads: a dialplan extension for the number dialled, or FreeSWITCH's own "not found"
 * result, after which it falls back to its static configuration. Only numbers of plain characters get a dialplan:
 * FreeSWITCH expands {@code ${...}} and backslashes in these attributes, and a caller chooses the number it dials.
 */
final class DialplanXml {

    /** Digits, letters and the few signs of SIP user parts; each sign gets a character class in the expression. */
    private static final Pattern PLAIN = Pattern.compile("[0-9A-Za-z+*#._-]{1,64}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");

    record Action(String application, String data) {
    }

    private DialplanXml() {
    }

    static boolean plain(String number) {
        return number != null && PLAIN.matcher(number).matches();
    }

    static boolean digits(String pin) {
        return pin != null && DIGITS.matcher(pin).matches();
    }

    static String notFound() {
        return """
                <?xml version="1.0" encoding="UTF-8" standalone="no"?>
                <document type="freeswitch/xml">
                  <section name="result">
                    <result status="not found"/>
                  </section>
                </document>
                """;
    }

    /** One extension matching exactly the dialled number (already {@link #plain}) in the given context. */
    static String dialplan(String context, String extension, String destination, List<Action> actions) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8" standalone="no"?>
                <document type="freeswitch/xml">
                  <section name="dialplan" description="Caravan dial-in">
                """);
        xml.append("    <context name=\"").append(context).append("\">\n");
        xml.append("      <extension name=\"").append(extension).append("\">\n");
        xml.append("        <condition field=\"destination_number\" expression=\"^").append(expression(destination))
                .append("$\">\n");
        for (Action action : actions) {
            xml.append("          <action application=\"").append(action.application()).append('"');
            if (action.data() != null) {
                xml.append(" data=\"").append(attribute(action.data())).append('"');
            }
            xml.append("/>\n");
        }
        xml.append("        </condition>\n      </extension>\n    </context>\n  </section>\n</document>\n");
        return xml.toString();
    }

    static List<Action> actions(String... applicationsAndData) {
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < applicationsAndData.length; i += 2) {
            actions.add(new Action(applicationsAndData[i], applicationsAndData[i + 1]));
        }
        return actions;
    }

    private static String expression(String plain) {
        StringBuilder regex = new StringBuilder();
        for (char c : plain.toCharArray()) {
            if (c == '+' || c == '*' || c == '.') {
                regex.append('[').append(c).append(']');
            } else {
                regex.append(c);
            }
        }
        return regex.toString();
    }

    private static String attribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
