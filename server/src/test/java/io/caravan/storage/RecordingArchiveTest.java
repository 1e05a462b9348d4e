package io.caravan.storage;

import static io.caravan.storage.TestRecordings.MEETING_ID;
import static io.caravan.storage.TestRecordings.RECORD_ID;
import static io.caravan.storage.TestRecordings.SLIDES;
import static io.caravan.storage.TestRecordings.directory;
import static io.caravan.storage.TestRecordings.file;
import static io.caravan.storage.TestRecordings.gzippedTar;
import static io.caravan.storage.TestRecordings.metadataXml;
import static io.caravan.storage.TestRecordings.presentationAndVideo;
import static io.caravan.storage.TestRecordings.tar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.caravan.storage.RecordingRefused.Reason;
import io.caravan.storage.TestRecordings.Entry;

class RecordingArchiveTest {

    @TempDir
    Path dir;

    private final RecordingArchive archive = new RecordingArchive(1000, 10 * 1024 * 1024);
    /** where the last archive was unpacked: a new directory for each, as the store gives */
    private Path unpacked;

    @Test
    void readsTheRecordingAsBbbWebReadsItsMetadataXml() throws IOException {
        RecordingMetadata metadata = unpack(gzippedTar(presentationAndVideo()));

        assertEquals(RECORD_ID, metadata.recordId());
        assertEquals(MEETING_ID, metadata.meetingId());
        assertEquals(RECORD_ID, metadata.internalMeetingId());
        assertEquals("Physics 101", metadata.name());
        assertEquals("published", metadata.state());
        assertTrue(metadata.published());
        assertEquals(1715000000000L, metadata.startTime());
        assertEquals(1715000600000L, metadata.endTime());
        assertEquals(3, metadata.participants());
        assertEquals(123456, metadata.rawSize());
        assertEquals(List.of("isBreakout", "meetingId", "meetingName", "bbb-origin", "bbb-origin-version"),
                List.copyOf(metadata.meta().keySet()));
        assertEquals("Greenlight", metadata.meta().get("bbb-origin"));

        assertEquals(List.of("presentation", "video"), metadata.formats().stream().map(RecordingFormat::type).toList());
        RecordingFormat presentation = metadata.formats().get(0);
        assertEquals("https://bbb1.example.org/playback/presentation/2.3/" + RECORD_ID, presentation.link());
        assertEquals(5400, presentation.processingTimeMillis());
        assertEquals(600000, presentation.durationMillis());
        assertEquals(40960, presentation.size());
        assertEquals(List.of(new PreviewImage("https://bbb1.example.org/presentation/" + RECORD_ID + "/" + SLIDES
                + "/thumbnails/thumb-1.png", 176, 136, "Welcome to Physics")), presentation.previewImages());
        RecordingFormat video = metadata.formats().get(1);
        assertEquals(31000, video.processingTimeMillis());
        assertEquals(List.of(), video.previewImages());
    }

    @Test
    void unpacksEachFormatUnderItsName() throws IOException {
        unpack(gzippedTar(presentationAndVideo()));

        assertEquals(List.of("presentation/deskshare/deskshare.webm", "presentation/events.xml",
                "presentation/metadata.xml", "presentation/panzooms.xml",
                "presentation/" + SLIDES + "/slide-1.png", "presentation/" + SLIDES + "/thumbnails/thumb-1.png",
                "presentation/shapes.svg", "presentation/slides_new.xml", "presentation/video/webcams.webm",
                "video/index.html", "video/metadata.xml", "video/video-0.m4v"), files());
        assertArrayEquals(TestRecordings.PNG, Files.readAllBytes(unpacked.resolve("presentation/" + SLIDES
                + "/slide-1.png")));
    }

    @Test
    void readsAPlainTarAndOnePackedFromTheTopOfThePublishedDirectory() throws IOException {
        List<Entry> dotSlash = new ArrayList<>(List.of(directory("./")));
        presentationAndVideo().forEach(e -> dotSlash.add(new Entry("./" + e.name(), e.content(), e.type(), null)));

        assertEquals(RECORD_ID, unpack(tar(dotSlash)).recordId());
        assertTrue(Files.isRegularFile(unpacked.resolve("video/video-0.m4v")));
    }

    @Test
    void aRecordingWithoutTheMeetingElementTakesTheMeetingIdOfItsMeta() throws IOException {
        String old = metadataXml("presentation", RECORD_ID, MEETING_ID).replaceAll("  <meeting [^>]*/>\n", "");

        RecordingMetadata metadata = unpack(gzippedTar(List.of(
                file("presentation/" + RECORD_ID + "/metadata.xml", old))));

        assertEquals(MEETING_ID, metadata.meetingId());
        assertEquals("", metadata.internalMeetingId());
        assertEquals("Physics 101", metadata.name());
    }

    @Test
    void refusesAMetadataXmlWithADoctypeOrExternalEntities() {
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE recording [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n"
                + metadataXml("presentation", RECORD_ID, MEETING_ID).replaceFirst("<\\?xml[^>]*>\n", "")
                        .replace("<meetingName>Physics 101", "<meetingName>&secret;");
        String billionLaughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE recording [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<recording><id>&b;</id></recording>";
        String externalDtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE recording SYSTEM \"http://127.0.0.1:1/x.dtd\">\n"
                + "<recording/>";

        for (String xml : List.of(xxe, billionLaughs, externalDtd)) {
            RecordingRefused refused = refused(List.of(file("presentation/" + RECORD_ID + "/metadata.xml", xml)));
            assertEquals(Reason.BAD_METADATA, refused.reason());
            assertTrue(refused.getMessage().contains("DOCTYPE"), refused.getMessage());
        }
    }

    @Test
    void refusesAMetadataXmlThatIsNotBbbs() {
        String metadata = "presentation/" + RECORD_ID + "/metadata.xml";
        String good = metadataXml("presentation", RECORD_ID, MEETING_ID);
        for (String xml : List.of("<html><body>hello</body></html>", "<recording><id>x", "not xml at all",
                good.replaceAll("<id>[^<]*</id>", ""),
                good.replaceAll("<playback>(?s).*</playback>", ""),
                good.replaceAll("<meeting [^>]*/>", "").replaceAll("<meetingId>[^<]*</meetingId>", ""),
                good.replace("<duration>600000", "<duration>ten minutes"),
                good.replace("<id>" + RECORD_ID, "<id>0000000000000000000000000000000000000000-1"),
                good.replace("<format>presentation", "<format>video"))) {
            assertEquals(Reason.BAD_METADATA, refused(List.of(file(metadata, xml))).reason(), xml);
        }
    }

    @Test
    void refusesFormatsOfDifferentRecordingsOrMeetings() {
        List<Entry> twoRecordings = new ArrayList<>(presentationAndVideo());
        twoRecordings.add(file("podcast/1111111111111111111111111111111111111111-1715000000000/metadata.xml",
                metadataXml("podcast", "1111111111111111111111111111111111111111-1715000000000", MEETING_ID)));
        assertEquals(Reason.NOT_A_RECORDING, refused(twoRecordings).reason());

        List<Entry> twoMeetings = new ArrayList<>(presentationAndVideo());
        twoMeetings.add(file("podcast/" + RECORD_ID + "/metadata.xml", metadataXml("podcast", RECORD_ID, "room-43")));
        assertEquals(Reason.BAD_METADATA, refused(twoMeetings).reason());
    }

    @Test
    void refusesAnArchiveWithoutMetadataXmlOrOutsideBbbsLayout() {
        assertEquals(Reason.NOT_A_RECORDING, refused(List.of(
                file("presentation/" + RECORD_ID + "/shapes.svg", "<svg/>"))).reason());
        List<Entry> videoWithoutMetadata = new ArrayList<>(presentationAndVideo());
        videoWithoutMetadata.removeIf(e -> e.name().equals("video/" + RECORD_ID + "/metadata.xml"));
        assertEquals(Reason.NOT_A_RECORDING, refused(videoWithoutMetadata).reason());
        assertEquals(Reason.NOT_A_RECORDING, refused(List.of(file("metadata.xml", "<recording/>"))).reason());
        assertEquals(Reason.NOT_A_RECORDING, refused(List.of(file("presentation/metadata.xml", "x"))).reason());
        assertEquals(Reason.NOT_A_RECORDING, refused(List.of()).reason());
    }

    @Test
    void refusesAMetadataXmlLargerThanAnyBbbWrites() {
        byte[] huge = new byte[(int) RecordingArchive.MAX_METADATA_BYTES + 1];
        assertEquals(Reason.BAD_METADATA,
                refused(List.of(file("presentation/" + RECORD_ID + "/metadata.xml", huge))).reason());
    }

    private RecordingRefused refused(List<Entry> entries) {
        return assertThrows(RecordingRefused.class, () -> unpack(gzippedTar(entries)));
    }

    private RecordingMetadata unpack(byte[] archiveBytes) throws IOException {
        unpacked = Files.createTempDirectory(dir, "recording-");
        return archive.unpack(new ByteArrayInputStream(archiveBytes), unpacked);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(unpacked)) {
            return walk.filter(Files::isRegularFile).map(p -> unpacked.relativize(p).toString()).sorted().toList();
        }
    }
}
