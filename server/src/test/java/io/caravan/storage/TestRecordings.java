package io.caravan.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Recording archives built by the tests: a small presentation recording in bbb's published layout (metadata.xml,
 * events.xml, shapes.svg, slides_new.xml, a slide, webcams and deskshare) and a video format, packed the way
 * Scalelite's post_publish script does ({@code <format>/<recordID>/...}), and entries that break the rules.
 */
public final class TestRecordings {

    static final String RECORD_ID = "3f1c0d2b9a8e7f6d5c4b3a2910fedcba98765432-1715000000000";
    static final String MEETING_ID = "room-42";
    public static final String SLIDES = "presentation/d2d9a672040fbde2a47a10bf6c37b6a4b5ae187f-1715000000100";
    /** a PNG signature and an IHDR start: enough to be a png by its bytes */
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    /** the EBML magic that starts every webm */
    static final byte[] WEBM = {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, (byte) 0x9f, 0x42, (byte) 0x86, (byte) 0x81};

    private TestRecordings() {
    }

    record Entry(String name, byte[] content, byte type, String linkName) {
    }

    static Entry file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Entry file(String name, byte[] content) {
        return new Entry(name, content, TarConstants.LF_NORMAL, null);
    }

    static Entry directory(String name) {
        return new Entry(name.endsWith("/") ? name : name + "/", new byte[0], TarConstants.LF_DIR, null);
    }

    static Entry special(String name, byte type, String linkName) {
        return new Entry(name, new byte[0], type, linkName);
    }

    /** The presentation and video formats of one recording, directories first as tar writes them. */
    static List<Entry> presentationAndVideo() {
        return presentationAndVideo(RECORD_ID, MEETING_ID);
    }

    static List<Entry> presentationAndVideo(String recordId, String meetingId) {
        String p = "presentation/" + recordId + "/";
        String v = "video/" + recordId + "/";
        List<Entry> entries = new ArrayList<>();
        entries.add(directory(p));
        entries.add(file(p + "metadata.xml", metadataXml("presentation", recordId, meetingId)));
        entries.add(file(p + "events.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<recording meeting_id=\""
                + recordId + "\" bbb_version=\"3.0.4\"><event timestamp=\"1\" module=\"PARTICIPANT\""
                + " eventname=\"ParticipantJoinEvent\"/></recording>\n"));
        entries.add(file(p + "shapes.svg", "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""
                + " width=\"1600\" height=\"1200\"><image id=\"image1\" in=\"0.0\" out=\"600.0\"/></svg>\n"));
        entries.add(file(p + "slides_new.xml", "<?xml version=\"1.0\"?>\n<popcorn></popcorn>\n"));
        entries.add(file(p + "panzooms.xml", "<?xml version=\"1.0\"?>\n<recording id=\"panzoom_events\"/>\n"));
        entries.add(directory(p + SLIDES + "/"));
        entries.add(file(p + SLIDES + "/slide-1.png", PNG));
        entries.add(file(p + SLIDES + "/thumbnails/thumb-1.png", PNG));
        entries.add(file(p + "video/webcams.webm", WEBM));
        entries.add(file(p + "deskshare/deskshare.webm", WEBM));
        entries.add(directory(v));
        entries.add(file(v + "metadata.xml", metadataXml("video", recordId, meetingId)));
        entries.add(file(v + "video-0.m4v", WEBM));
        entries.add(file(v + "index.html", "<!doctype html><title>Physics 101</title>\n"));
        return entries;
    }

    /** A metadata.xml as bbb 3.0's publish scripts write it, for one format. */
    public static String metadataXml(String format, String recordId, String meetingId) {
        return metadataXml(format, recordId, meetingId, 1715000000000L);
    }

    /** The same for a recording that started at this time (epoch milliseconds) and lasted ten minutes. */
    public static String metadataXml(String format, String recordId, String meetingId, long startTime) {
        String link = "presentation".equals(format)
                ? "https://bbb1.example.org/playback/presentation/2.3/" + recordId
                : "https://bbb1.example.org/playback/" + format + "/" + recordId + "/";
        String preview = "presentation".equals(format) ? """
                    <extensions>
                      <preview>
                        <images>
                          <image width="176" height="136" alt="Welcome to Physics">https://bbb1.example.org/presentation/%s/%s/thumbnails/thumb-1.png</image>
                        </images>
                      </preview>
                    </extensions>
                """.formatted(recordId, SLIDES) : "";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <recording>
                  <id>%1$s</id>
                  <state>published</state>
                  <published>true</published>
                  <start_time>%8$d</start_time>
                  <end_time>%9$d</end_time>
                  <participants>3</participants>
                  <meeting id="%1$s" externalId="%2$s" name="Physics 101" breakout="false"/>
                  <meta>
                    <isBreakout>false</isBreakout>
                    <meetingId>%2$s</meetingId>
                    <meetingName>Physics 101</meetingName>
                    <bbb-origin>Greenlight</bbb-origin>
                    <bbb-origin-version>3.1</bbb-origin-version>
                  </meta>
                  <playback>
                    <format>%3$s</format>
                    <link>%4$s</link>
                    <processing_time>%5$d</processing_time>
                    <duration>600000</duration>
                    <size>%6$d</size>
                %7$s  </playback>
                  <raw_size>123456</raw_size>
                </recording>
                """.formatted(recordId, meetingId, format, link, "video".equals(format) ? 31000 : 5400,
                "video".equals(format) ? 2048 : 40960, preview, startTime, startTime + 600_000);
    }

    static byte[] gzippedTar(List<Entry> entries) {
        return pack(entries, true);
    }

    static byte[] tar(List<Entry> entries) {
        return pack(entries, false);
    }

    private static byte[] pack(List<Entry> entries, boolean gzip) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = gzip ? new GzipCompressorOutputStream(bytes) : bytes;
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                // preserveAbsolutePath: the hostile names must reach the archive as written
                TarArchiveEntry entry = new TarArchiveEntry(e.name(), e.type(), true);
                if (e.linkName() != null) {
                    entry.setLinkName(e.linkName());
                }
                entry.setSize(e.type() == TarConstants.LF_NORMAL ? e.content().length : 0);
                tar.putArchiveEntry(entry);
                tar.write(e.content());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
