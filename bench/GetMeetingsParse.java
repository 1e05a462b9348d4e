import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.caravan.bbb.NodeAnswers;
import io.caravan.bbb.PolledMeeting;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What reading one node's getMeetings answer costs Caravan (issue #10), in one thread, without HTTP:
 * NodeAnswers.meetings (a StAX stream since issue #10, what a poll pays) against the DOM reading it replaced (a DOM
 * parse, then each meeting serialized by the JDK's transformer for {@code PolledMeeting.xml()}), and that reading's
 * two parts. Times are CPU microseconds per answer. The answers are built from the real fixtures: the three
 * {@code <meeting>} elements of getMeetings_three_meetings.xml, in turn, each with a meetingID of its own and
 * ATTENDEES {@code <attendee>} elements taken in turn from the getMeetingInfo fixtures, whitespace between elements
 * removed as bbb-web sends it.
 *
 * <p>Run from the project root: {@code java -cp target/caravan.jar bench/GetMeetingsParse.java [attendees]
 * [meetings...]} (defaults: 20 attendees; 1, 5, 50 and 500 meetings). A file argument ({@code answer.xml}) times that
 * answer instead, e.g. one saved from a node.
 */
public class GetMeetingsParse {

    private static final List<Path> FIXTURES = List.of(Path.of("src/test/resources/bbb-api-fixtures"),
            Path.of("/work/shared/bbb-api-fixtures"));
    private static final long MEASURE_NANOS = 2_000_000_000L;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws IOException {
        int attendees = 20;
        List<Integer> sizes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].endsWith(".xml")) {
                files.add(Path.of(args[i]));
            } else if (i == 0) {
                attendees = Integer.parseInt(args[i]);
            } else {
                sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty() && files.isEmpty()) {
            sizes = List.of(1, 5, 50, 500);
        }
        List<String> meetingTemplates = elements(read("getMeetings_three_meetings.xml"), "meeting");
        List<String> attendeeTemplates = new ArrayList<>();
        for (String fixture : List.of("getMeetingInfo_attendees_apiphp.xml", "docs_getMeetingInfo_bbb30_attendee.xml",
                "getMeetingInfo_breakout_room.xml", "getMeetingInfo_with_breakout_rooms.xml")) {
            String text = readOrNull(fixture);
            if (text != null) {
                attendeeTemplates.addAll(elements(text, "attendee"));
            }
        }
        if (meetingTemplates.isEmpty() || attendeeTemplates.isEmpty()) {
            throw new IllegalStateException("no meetings or attendees in the fixtures under " + FIXTURES);
        }
        System.out.printf("fixtures: %d meeting and %d attendee elements; %s%n", meetingTemplates.size(),
                attendeeTemplates.size(), System.getProperty("java.version"));
        System.out.printf("%-22s %9s %10s %10s %10s %10s %10s %9s%n", "answer", "bytes", "stream us",
                "/meeting", "DOM us", "DOM parse", "serialize", "DOM/strm");
        for (int meetings : sizes) {
            String answer = answer(meetings, attendees, meetingTemplates, attendeeTemplates);
            time(meetings + " meetings x " + attendees, answer.getBytes(StandardCharsets.UTF_8), meetings);
        }
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            time(file.getFileName().toString(), bytes, NodeAnswers.meetings(bytes).size());
        }
    }

    private static void time(String label, byte[] answer, int meetings) {
        List<PolledMeeting> parsed = NodeAnswers.meetings(answer);
        if (parsed.size() != meetings || !parsed.equals(domMeetings(answer))) {
            throw new IllegalStateException(label + ": the two readings differ");
        }
        double stream = nanosPer(() -> NodeAnswers.meetings(answer));
        double dom = nanosPer(() -> domMeetings(answer));
        double parse = nanosPer(() -> NodeAnswers.parse(answer));
        List<Element> elements = meetingElements(NodeAnswers.parse(answer));
        double serialize = nanosPer(() -> elements.forEach(NodeAnswers::xml));
        System.out.printf("%-22s %9d %10.1f %10.1f %10.1f %10.1f %10.1f %8.1fx%n", label, answer.length,
                stream / 1000, stream / 1000 / meetings, dom / 1000, parse / 1000, serialize / 1000, dom / stream);
    }

    /** The DOM reading that NodeAnswers.meetings did before issue #10, with NodeAnswers' DOM methods. */
    private static List<PolledMeeting> domMeetings(byte[] xml) {
        Document answer = NodeAnswers.parse(xml);
        if (!NodeAnswers.outcome(answer).success()) {
            throw new IllegalStateException("FAILED");
        }
        List<PolledMeeting> meetings = new ArrayList<>();
        for (Element meeting : meetingElements(answer)) {
            String id = NodeAnswers.text(meeting, "meetingID");
            if (id == null || id.isEmpty()) {
                continue;
            }
            String name = NodeAnswers.text(meeting, "meetingName");
            meetings.add(new PolledMeeting(id, name == null ? "" : name,
                    "true".equals(NodeAnswers.text(meeting, "running")), number(meeting, "participantCount"),
                    number(meeting, "listenerCount"), number(meeting, "voiceParticipantCount"),
                    number(meeting, "videoCount"), number(meeting, "moderatorCount"), NodeAnswers.xml(meeting)));
        }
        return meetings;
    }

    private static List<Element> meetingElements(Document answer) {
        List<Element> elements = new ArrayList<>();
        Element list = NodeAnswers.element(answer.getDocumentElement(), "meetings");
        for (Node n = list == null ? null : list.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "meeting".equals(e.getTagName())) {
                elements.add(e);
            }
        }
        return elements;
    }

    private static int number(Element meeting, String name) {
        String text = NodeAnswers.text(meeting, name);
        try {
            return text == null || text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Mean CPU nanoseconds of this thread per run, over 2 s of CPU after 2 s of warm-up: CPU time, not wall time, so
     * other work on the machine (which shares 2 cores) changes the figure little.
     */
    private static double nanosPer(Runnable run) {
        long end = CPU.getCurrentThreadCpuTime() + MEASURE_NANOS;
        while (CPU.getCurrentThreadCpuTime() < end) {
            run.run();
        }
        long runs = 0;
        long started = CPU.getCurrentThreadCpuTime();
        end = started + MEASURE_NANOS;
        long now;
        do {
            run.run();
            runs++;
            now = CPU.getCurrentThreadCpuTime();
        } while (now < end);
        return (double) (now - started) / runs;
    }

    private static String answer(int meetings, int attendees, List<String> meetingTemplates,
            List<String> attendeeTemplates) {
        StringBuilder out = new StringBuilder("<response><returncode>SUCCESS</returncode><meetings>");
        int attendee = 0;
        for (int m = 0; m < meetings; m++) {
            StringBuilder list = new StringBuilder("<attendees>");
            for (int a = 0; a < attendees; a++) {
                list.append(attendeeTemplates.get(attendee++ % attendeeTemplates.size()));
            }
            list.append("</attendees>");
            String meeting = meetingTemplates.get(m % meetingTemplates.size())
                    .replaceFirst("<meetingID>[^<]*</meetingID>", "<meetingID>bench-meeting-" + m + "</meetingID>")
                    .replaceFirst("(?s)<attendees>.*?</attendees>", Matcher.quoteReplacement(list.toString()));
            out.append(meeting);
        }
        return out.append("</meetings></response>").toString();
    }

    /** The named elements of a fixture as text, whitespace between elements removed (bbb-web sends none). */
    private static List<String> elements(String xml, String name) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)<" + name + ">.*?</" + name + ">").matcher(xml);
        while (m.find()) {
            found.add(m.group().replaceAll(">\\s+<", "><"));
        }
        return found;
    }

    private static String read(String fixture) throws IOException {
        String text = readOrNull(fixture);
        if (text == null) {
            throw new IllegalStateException(fixture + " not found under " + FIXTURES);
        }
        return text;
    }

    private static String readOrNull(String fixture) throws IOException {
        for (Path dir : FIXTURES) {
            Path file = dir.resolve(fixture);
            if (Files.isRegularFile(file)) {
                return Files.readString(file);
            }
        }
        return null;
    }
}
