package io.caravan.bbb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * getMeetings answers as NodeAnswers.meetings reads them in one pass (StAX): the results are those of the DOM reading
 * it replaced (issue #10), which NodeAnswers' DOM methods still give, for every fixture, every character and unusual
 * markup; and the fixtures read as the values written here.
 */
class NodeAnswersTest {

    private static final Path FIXTURES = Path.of("fixtures/bbb-api-fixtures");

    @Test
    void getMeetingsFixtureReadsAsExpected() throws IOException {
        String fixture = fixture("getMeetings_three_meetings.xml");
        List<PolledMeeting> meetings = NodeAnswers.meetings(fixture.getBytes(StandardCharsets.UTF_8));

        assertEquals(3, meetings.size());
        PolledMeeting first = meetings.get(0);
        assertEquals("5cf490a7-2c9a-3571-a48c-134ef58d47c2", first.meetingId());
        assertEquals("Prof. Josie Reichert IV", first.meetingName());
        assertEquals(List.of(false, 0, 0, 0, 0, 0), List.of(first.running(), first.attendees(), first.listeners(),
                first.voice(), first.video(), first.moderators()));
        assertEquals("b2e7555d-b7c6-3b9f-b3ae-4c5754f64427", meetings.get(1).meetingId());
        assertEquals("Barbara Schiller", meetings.get(1).meetingName());
        PolledMeeting third = meetings.get(2);
        assertEquals("56e1ae16-3dfc-390d-b0d8-5aa844a25874", third.meetingId());
        assertEquals("Marty Lueilwitz", third.meetingName());
        assertEquals(List.of(true, 5, 2, 1, 3, 1), List.of(third.running(), third.attendees(), third.listeners(),
                third.voice(), third.video(), third.moderators()));
        // the fixture has no empty element and nothing to escape: each meeting's text is its text in the answer
        List<String> elements = elements(fixture, "meeting");
        for (int i = 0; i < 3; i++) {
            assertEquals(elements.get(i), meetings.get(i).xml(), "meeting " + i);
        }
    }

    @Test
    void emptyElementsAndEscapesAreWrittenAsBefore() throws IOException {
        String info = fixture("getMeetingInfo_attendees_apiphp.xml");
        PolledMeeting meeting = NodeAnswers.meetings(asGetMeetings(info).getBytes(StandardCharsets.UTF_8)).get(0);

        assertEquals("117b12ae2656972d330b6bad58878541-28-15", meeting.meetingId());
        assertEquals(List.of(true, 2, 1, 2, 1, 2), List.of(meeting.running(), meeting.attendees(),
                meeting.listeners(), meeting.voice(), meeting.video(), meeting.moderators()));
        assertTrue(meeting.xml().contains("<clientType>HTML5</clientType>\n            <customdata/>\n"),
                "an empty element is written <name/>: " + meeting.xml());
        assertTrue(meeting.xml().contains("<customStyle>a:focus{color:#0181eb}</customStyle>"));

        String odd = "<response><returncode>SUCCESS</returncode><meetings><meeting><meetingID> m&amp;1 </meetingID>"
                + "<meetingName>A &lt;b&gt; \"c\" &#13;&#x1F600;&#x85;</meetingName>"
                + "<metadata z=\"1\" a=\"&quot;x&#10;\">"
                + "<![CDATA[<raw>]]><!-- note --><?pi data?></metadata><running>true</running>"
                + "<participantCount> 7 </participantCount><listenerCount>many</listenerCount></meeting>"
                + "</meetings></response>";
        PolledMeeting escaped = NodeAnswers.meetings(odd.getBytes(StandardCharsets.UTF_8)).get(0);
        assertEquals("m&1", escaped.meetingId());
        assertEquals("A <b> \"c\" \r\uD83D\uDE00\u0085", escaped.meetingName());
        assertEquals(List.of(true, 7, 0), List.of(escaped.running(), escaped.attendees(), escaped.listeners()));
        assertEquals("<meeting><meetingID> m&amp;1 </meetingID>"
                + "<meetingName>A &lt;b&gt; \"c\" &#13;&#128512;&#133;</meetingName>"
                + "<metadata a=\"&quot;x&#10;\" z=\"1\"><![CDATA[<raw>]]><!-- note --><?pi data?></metadata>"
                + "<running>true</running><participantCount> 7 </participantCount>"
                + "<listenerCount>many</listenerCount></meeting>", escaped.xml());
    }

    @Test
    void streamedMeetingsEqualTheDomReadingOfEveryFixture() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(FIXTURES)) {
            files = list.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
        }
        assertTrue(files.size() >= 15, "fixtures found: " + files);
        int meetings = 0;
        for (Path file : files) {
            byte[] answer = Files.readAllBytes(file);
            meetings += assertSameReading(file.getFileName().toString(), answer);
            if (file.getFileName().toString().startsWith("getMeetingInfo")
                    || file.getFileName().toString().startsWith("docs_getMeetingInfo")) {
                String info = new String(answer, StandardCharsets.UTF_8);
                meetings += assertSameReading(file.getFileName() + " as a meeting",
                        asGetMeetings(info).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(meetings >= 6, meetings + " meetings compared");
    }

    @Test
    void streamedMeetingsEqualTheDomReadingOfEveryCharacter() {
        // each XML 1.0 character, escaped or not, in text, in an attribute, in CDATA and in a comment
        StringBuilder inner = new StringBuilder("<meetingID>chars</meetingID>");
        for (int c = 1; c <= 0x10FFFF; c = c < 0x10000 ? c + 1 : c + 0x3FF) {
            boolean xmlChar = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
            if (!xmlChar) {
                continue;
            }
            String reference = "&#" + c + ";";
            String literal = c == '<' || c == '&' || c == ']' || c == '-' || c == '\r' ? "x"
                    : new String(Character.toChars(c));
            inner.append("<t>").append(reference).append("</t><a v=\"").append(reference).append("\"/>")
                    .append("<c><![CDATA[").append(literal).append("]]></c><!--").append(literal).append("-->");
        }
        // a long text of pairs, which the reader delivers in several events (a pair may be split between two)
        inner.append("<long>").append("\uD83D\uDE00a".repeat(20_000)).append("</long>");
        assertSameReading("every character", getMeetings(inner.toString()).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void streamedMeetingsEqualTheDomReadingOfUnusualMarkup() {
        List<String> answers = List.of(
                getMeetings("<meetingID>a</meetingID><meetingID>b</meetingID><meetingName><b>x</b> y</meetingName>"),
                getMeetings("<meetingID>  </meetingID><meetingName>no id</meetingName>"),
                getMeetings("<meetingName>no id at all</meetingName>"),
                getMeetings("<meetingID>e</meetingID><empty></empty><e2/><ws> </ws><cd><![CDATA[]]></cd>"),
                getMeetings("<meetingID>ns</meetingID><x:a xmlns:x=\"urn:x\" x:b=\"1\" xmlns=\"urn:d\">t</x:a>"),
                getMeetings("<meetingID>ns2</meetingID><a z='1' xmlns:b='1' xmlns:a='2' xmlns='3' a='4' x='5'/>"),
                getMeetings("<meetingID>ns3</meetingID><a xmlnsx='1' xmlns:z='2' a='3' xmlnr='4'/><y:b/>"),
                getMeetings("<meetingID>ns5</meetingID><a xmlnsxyz='1' a='3'/><b xmlnsq='2'/><c xmlns='3'/>"),
                getMeetings("<meetingID>ns6</meetingID><a xmlnsq:r='1'/>"),
                getMeetings("<meetingID>cdata</meetingID><c><![CDATA[\uD83D\uDE00y\uD83D\uDE00z]]></c>"
                        + "<c><![CDATA[\uD83D\uDE00\uD83D\uDE00]]></c><c><![CDATA[y\uD83D\uDE00]]></c>"
                        + "<c><![CDATA[a]]><![CDATA[b]]>c<![CDATA[]]]]><![CDATA[>]]></c>"
                        + "<c><![CDATA[" + "y".repeat(100_000) + "\uD83D\uDE00]]></c>"),
                getMeetings("<meetingID>attrs</meetingID><a c='1' B='2' _a='3' a.b='4' a-b='5' b='&#x1F600;'/>"),
                getMeetings("<meetingID>nested</meetingID><participantCount><!-- c -->4<?p?>2</participantCount>"
                        + "<running><x>tr</x>ue</running><videoCount><![CDATA[ 3 ]]></videoCount>"),
                getMeetings("<meetingID>crlf</meetingID><meetingName>a\r\nb\rc</meetingName><a v='x\r\ny\tz'/>"),
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c --><response>\n<meetings><meeting><meetingID>"
                        + "late</meetingID></meeting></meetings><returncode> SUCCESS </returncode></response>\n",
                "\uFEFF<response><returncode>SUCCESS</returncode><meetings/><meetings><meeting><meetingID>second"
                        + "</meetingID></meeting></meetings></response>",
                "<response><returncode>SUCCESS</returncode><other><meetings><meeting><meetingID>deep</meetingID>"
                        + "</meeting></meetings></other></response>",
                "<response><returncode>SUCCESS</returncode><meetings><other><meetingID>x</meetingID></other>"
                        + "<meeting><meetingID>y</meetingID></meeting></meetings></response>",
                "<response><returncode>SUCCESS</returncode></response>",
                "<response><returncode>FAILED</returncode><messageKey> noMeetings </messageKey></response>",
                "<response><returncode>FAILED</returncode></response>",
                "<response><messageKey>x</messageKey></response>",
                "<answer><returncode>SUCCESS</returncode></answer>",
                "<response><returncode>SUCCESS</returncode><meetings></response>",
                "<response><returncode>SUCCESS</returncode></response><trailing/>",
                "<response><returncode>SUCCESS</returncode><meetings><meeting>&undeclared;</meeting></meetings>"
                        + "</response>",
                "not xml at all",
                "<!DOCTYPE response [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><response><returncode>SUCCESS"
                        + "</returncode><meetings><meeting><meetingID>&e;</meetingID></meeting></meetings></response>");
        for (String answer : answers) {
            assertSameReading(answer, answer.getBytes(StandardCharsets.UTF_8));
        }
        // the two differences, both in markup that namespaces forbid and no bbb-web writes. An attribute whose prefix
        // is declared above the meeting, which the transformer refused (failing the whole poll), is written as it
        // came; a name with two colons, which the DOM parser took, the stream reader refuses (failing the poll)
        byte[] twoColons = getMeetings("<meetingID>ns</meetingID><a xmlns:s:t='2'/>").getBytes(StandardCharsets.UTF_8);
        assertEquals(1, domMeetings(twoColons).size());
        assertTrue(refusal(twoColons).startsWith("answer is not XML: "));
        byte[] outerPrefix = ("<response xmlns:y=\"urn:y\"><returncode>SUCCESS</returncode><meetings><meeting>"
                + "<meetingID>ns</meetingID><y:b y:c='1'/></meeting></meetings></response>")
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(assertThrows(NodeAnswerError.class, () -> domMeetings(outerPrefix)).getMessage()
                .startsWith("cannot serialize element: "));
        assertEquals("<meeting><meetingID>ns</meetingID><y:b y:c=\"1\"/></meeting>",
                NodeAnswers.meetings(outerPrefix).get(0).xml());

        byte[] latin1 = ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><response><returncode>SUCCESS</returncode>"
                + "<meetings><meeting><meetingID>caf\u00e9</meetingID></meeting></meetings></response>")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertSameReading("ISO-8859-1", latin1);
        assertEquals("caf\u00e9", NodeAnswers.meetings(latin1).get(0).meetingId());
    }

    @Test
    void answersThatAreNoMeetingsAreRefused() {
        assertEquals("empty answer", refusal(new byte[0]));
        assertEquals("empty answer", refusal(null));
        assertTrue(refusal("<response>".getBytes(StandardCharsets.UTF_8)).startsWith("answer is not XML: "));
        assertEquals("answer is not a BBB <response>", refusal("<html/>".getBytes(StandardCharsets.UTF_8)));
        assertEquals("answer has no returncode", refusal("<response/>".getBytes(StandardCharsets.UTF_8)));
        assertEquals("getMeetings FAILED: checksumError", refusal(("<response><returncode>FAILED</returncode>"
                + "<messageKey>checksumError</messageKey></response>").getBytes(StandardCharsets.UTF_8)));
        // no DOCTYPE, so no entity of any kind: neither a file nor a billion laughs
        String external = "<!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><response><returncode>&e;"
                + "</returncode></response>";
        assertTrue(refusal(external.getBytes(StandardCharsets.UTF_8)).startsWith("answer is not XML: "));
        String laughs = "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                + "<response><returncode>SUCCESS</returncode><meetings><meeting><meetingID>&b;</meetingID>"
                + "</meeting></meetings></response>";
        assertTrue(refusal(laughs.getBytes(StandardCharsets.UTF_8)).startsWith("answer is not XML: "));
    }

    /** Both readings of the answer agree: the same meetings, or the same refusal. Returns the meetings compared. */
    private static int assertSameReading(String answerOrName, byte[] answer) {
        String what = answerOrName.length() <= 200 ? answerOrName : answerOrName.substring(0, 200) + "...";
        List<PolledMeeting> dom;
        String domRefusal = null;
        try {
            dom = domMeetings(answer);
        } catch (NodeAnswerError e) {
            dom = null;
            domRefusal = e.getMessage();
        }
        List<PolledMeeting> streamed;
        String streamRefusal = null;
        try {
            streamed = NodeAnswers.meetings(answer);
        } catch (NodeAnswerError e) {
            streamed = null;
            streamRefusal = e.getMessage();
        }
        if (domRefusal != null || streamRefusal != null) {
            assertTrue(domRefusal != null && streamRefusal != null,
                    what + ": DOM " + domRefusal + ", stream " + streamRefusal);
            if (domRefusal.startsWith("answer is not XML: ")) {
                // the two parsers word their errors differently
                assertTrue(streamRefusal.startsWith("answer is not XML: "), what + ": " + streamRefusal);
            } else {
                assertEquals(domRefusal, streamRefusal, what);
            }
            return 0;
        }
        assertEquals(dom.size(), streamed.size(), what);
        for (int i = 0; i < dom.size(); i++) {
            PolledMeeting expected = dom.get(i);
            PolledMeeting actual = streamed.get(i);
            assertEquals(firstDifference(expected.xml(), expected.xml()), firstDifference(expected.xml(), actual.xml()),
                    what + ": meeting " + i + " xml");
            assertEquals(expected, actual, what + ": meeting " + i);
        }
        return dom.size();
    }

    /** Where two texts first differ, with what follows there in each (short, unlike a failure on a whole text). */
    private static String firstDifference(String expected, String actual) {
        int i = 0;
        while (i < expected.length() && i < actual.length() && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        if (i == expected.length() && i == actual.length()) {
            return "same";
        }
        return "at " + i + ": " + expected.substring(i, Math.min(expected.length(), i + 60)) + " | "
                + actual.substring(i, Math.min(actual.length(), i + 60));
    }

    /** The DOM reading of getMeetings that NodeAnswers.meetings replaced, with NodeAnswers' DOM methods. */
    private static List<PolledMeeting> domMeetings(byte[] xml) {
        Document answer = NodeAnswers.parse(xml);
        NodeAnswers.Outcome outcome = NodeAnswers.outcome(answer);
        if (!outcome.success()) {
            throw new NodeAnswerError("getMeetings FAILED: " + outcome.messageKey());
        }
        List<PolledMeeting> meetings = new ArrayList<>();
        Element list = NodeAnswers.element(answer.getDocumentElement(), "meetings");
        if (list == null) {
            return meetings;
        }
        for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element meeting && "meeting".equals(meeting.getTagName())) {
                String id = NodeAnswers.text(meeting, "meetingID");
                if (id == null || id.isEmpty()) {
                    continue;
                }
                String name = NodeAnswers.text(meeting, "meetingName");
                meetings.add(new PolledMeeting(id, name == null ? "" : name,
                        "true".equals(NodeAnswers.text(meeting, "running")),
                        intChild(meeting, "participantCount"), intChild(meeting, "listenerCount"),
                        intChild(meeting, "voiceParticipantCount"), intChild(meeting, "videoCount"),
                        intChild(meeting, "moderatorCount"), NodeAnswers.xml(meeting)));
            }
        }
        return meetings;
    }

    private static int intChild(Element parent, String name) {
        String text = NodeAnswers.text(parent, name);
        try {
            return text == null || text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String refusal(byte[] answer) {
        return assertThrows(NodeAnswerError.class, () -> NodeAnswers.meetings(answer)).getMessage();
    }

    private static String getMeetings(String meetingContent) {
        return "<response><returncode>SUCCESS</returncode><meetings><meeting>" + meetingContent
                + "</meeting></meetings></response>";
    }

    /** A getMeetingInfo answer's fields as the one meeting of a getMeetings answer, as bbb-web lists them. */
    private static String asGetMeetings(String info) {
        String body = info.substring(info.indexOf("<response>") + "<response>".length(),
                info.lastIndexOf("</response>"));
        body = body.replaceFirst("<returncode>[^<]*</returncode>", "");
        return "<response><returncode>SUCCESS</returncode><meetings><meeting>" + body
                + "</meeting></meetings></response>";
    }

    private static List<String> elements(String xml, String name) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)<" + name + ">.*?</" + name + ">").matcher(xml);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static String fixture(String name) throws IOException {
        return Files.readString(FIXTURES.resolve(name));
    }
}
