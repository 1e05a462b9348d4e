package io.caravan.storage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import io.caravan.storage.RecordingRefused.Reason;

/**
 * Reads an uploaded recording, a tar stream (gzip'd or not) in bbb's published layout
 * {@code <format>/<recordID>/...} (what Scalelite's post_publish script packs with
 * {@code tar -C /var/bigbluebutton/published -czf ... presentation/<recordID>}), and unpacks it into a directory as
 * {@code <format>/...}, verifying each entry as it arrives: the upload is never held in memory, and a refusal comes
 * as soon as the entry that breaks a rule is read. Several formats may come in one archive; they must all be of the
 * same recordID and each must have its own metadata.xml.
 */
public final class RecordingArchive {

    /**
     * bbb's recordIDs are {@code <sha1>-<milliseconds>}; anything else that is safe as a file and URL name passes.
     * Playback URLs are checked against it too: a recordID the store cannot hold is not looked up.
     */
    public static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** bbb writes a few kilobytes; this only keeps a hostile file out of the DOM parser's memory. */
    static final long MAX_METADATA_BYTES = 1024 * 1024;
    private static final String METADATA = "metadata.xml";

    private final long maxEntries;
    private final long maxBytes;

    /**
     * @param maxEntries the most entries (files and directories) an archive may have
     * @param maxBytes   the most bytes its files may have, unpacked
     */
    public RecordingArchive(long maxEntries, long maxBytes) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("archive limits must be positive: entries " + maxEntries
                    + ", bytes " + maxBytes);
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /**
     * Unpacks {@code upload} into {@code recordingDir} (an empty directory) and returns what the metadata.xml files
     * say. On a refusal the directory holds what was unpacked so far: the caller throws it away. Closes the upload.
     *
     * @throws RecordingRefused the archive breaks a rule; nothing of it should be kept
     * @throws IOException      writing into {@code recordingDir} failed
     */
    public RecordingMetadata unpack(InputStream upload, Path recordingDir) throws IOException {
        Unpacking unpacking = new Unpacking(recordingDir);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(uncompressed(upload))) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar)) != null) {
                unpacking.entry(entry, tar);
            }
        }
        return unpacking.metadata();
    }

    private static InputStream uncompressed(InputStream upload) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(upload, 64 * 1024);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first != 0x1f || second != 0x8b) {
            return buffered;
        }
        try {
            return new GzipCompressorInputStream(buffered, true);
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw corrupt(e);
        }
    }

    private static RecordingRefused corrupt(Exception e) {
        return new RecordingRefused(Reason.CORRUPT, "the archive is corrupt or cut short: " + e.getMessage());
    }

    /** The state of one archive being read. */
    private final class Unpacking {
        private final Path recordingDir;
        private final Map<String, Path> metadataFiles = new TreeMap<>();
        private final List<String> formats = new ArrayList<>();
        private String recordId;
        private long entries;
        private long bytes;

        Unpacking(Path recordingDir) {
            this.recordingDir = recordingDir;
        }

        void entry(TarArchiveEntry entry, InputStream content) throws IOException {
            if (++entries > maxEntries) {
                throw new RecordingRefused(Reason.TOO_MANY_ENTRIES, "the archive has more than " + maxEntries
                        + " entries");
            }
            String name = entry.getName();
            refuseUnsupported(entry, name);
            List<String> parts = safeParts(name);
            if (parts.isEmpty()) {
                return; // "./", the top of `tar -C published .`
            }
            String format = parts.get(0);
            if (!FORMAT.matcher(format).matches()) {
                throw notARecording(name + " is not under a format directory (presentation/, video/, ...)");
            }
            if (parts.size() < 3 && !entry.isDirectory()) {
                throw notARecording(name + " is a file outside <format>/<recordID>/");
            }
            if (parts.size() == 1) {
                return;
            }
            String id = parts.get(1);
            if (!RECORD_ID.matcher(id).matches()) {
                throw notARecording(name + ": " + id + " is not a recordID");
            }
            if (recordId == null) {
                recordId = id;
            } else if (!recordId.equals(id)) {
                throw notARecording("the archive holds two recordings, " + recordId + " and " + id);
            }
            if (!formats.contains(format)) {
                formats.add(format);
            }
            Path target = recordingDir.resolve(format);
            for (String part : parts.subList(2, parts.size())) {
                target = target.resolve(part);
            }
            if (!target.normalize().startsWith(recordingDir)) {
                throw new RecordingRefused(Reason.UNSAFE_PATH, name + " would land outside the recording");
            }
            if (entry.isDirectory()) {
                Files.createDirectories(target);
                return;
            }
            boolean metadata = parts.size() == 3 && METADATA.equals(parts.get(2));
            if (entry.getSize() > maxBytes - bytes) {
                throw tooManyBytes(name);
            }
            if (metadata && entry.getSize() > MAX_METADATA_BYTES) {
                throw metadataTooLarge(name);
            }
            Files.createDirectories(target.getParent());
            copy(content, target, name, metadata);
            if (metadata) {
                metadataFiles.put(format, target);
            }
        }

        private void copy(InputStream content, Path target, String name, boolean metadata) throws IOException {
            long written = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = create(target, name)) {
                while (true) {
                    int n;
                    try {
                        n = content.read(buffer);
                    } catch (IOException e) {
                        throw corrupt(e);
                    }
                    if (n < 0) {
                        return;
                    }
                    written += n;
                    bytes += n;
                    // the header's size is the writer's word; what counts is what is read
                    if (bytes > maxBytes) {
                        throw tooManyBytes(name);
                    }
                    if (metadata && written > MAX_METADATA_BYTES) {
                        throw metadataTooLarge(name);
                    }
                    out.write(buffer, 0, n);
                }
            }
        }

        private OutputStream create(Path target, String name) throws IOException {
            try {
                return Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                throw notARecording(name + " is in the archive twice");
            }
        }

        private RecordingRefused tooManyBytes(String name) {
            return new RecordingRefused(Reason.TOO_MANY_BYTES, "the archive unpacks to more than " + maxBytes
                    + " bytes (at " + name + ")");
        }

        private RecordingRefused metadataTooLarge(String name) {
            return new RecordingRefused(Reason.BAD_METADATA, name + " is larger than " + MAX_METADATA_BYTES
                    + " bytes");
        }

        RecordingMetadata metadata() throws IOException {
            if (recordId == null) {
                throw notARecording("the archive holds no recording (<format>/<recordID>/metadata.xml)");
            }
            RecordingMetadata first = null;
            List<RecordingFormat> read = new ArrayList<>();
            for (String format : formats.stream().sorted().toList()) {
                Path file = metadataFiles.get(format);
                String fileName = format + "/" + recordId + "/" + METADATA;
                if (file == null) {
                    throw notARecording(format + "/" + recordId + "/ has no " + METADATA);
                }
                RecordingMetadata one;
                try (InputStream in = Files.newInputStream(file)) {
                    one = MetadataXml.read(in, fileName);
                }
                if (!one.recordId().equals(recordId)) {
                    throw badMetadata(fileName + " is of recording " + one.recordId());
                }
                RecordingFormat playback = one.formats().get(0);
                if (!playback.type().equals(format)) {
                    throw badMetadata(fileName + " describes the format " + playback.type());
                }
                if (first == null) {
                    first = one;
                } else if (!first.meetingId().equals(one.meetingId())) {
                    throw badMetadata(fileName + " is of meeting " + one.meetingId() + ", the other formats of "
                            + first.meetingId());
                }
                read.add(playback);
            }
            // as bbb-web, which reads each format's file and keeps the recording's fields of one of them
            return new RecordingMetadata(first.recordId(), first.meetingId(), first.internalMeetingId(), first.name(),
                    first.state(), first.published(), first.startTime(), first.endTime(), first.participants(),
                    first.rawSize(), first.meta(), read);
        }
    }

    private static void refuseUnsupported(TarArchiveEntry entry, String name) {
        if (entry.isSymbolicLink()) {
            throw unsupported(name + " is a symbolic link (to " + entry.getLinkName() + ")");
        }
        if (entry.isLink()) {
            throw unsupported(name + " is a hard link (to " + entry.getLinkName() + ")");
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw unsupported(name + " is a device or a FIFO");
        }
        byte type = entry.getLinkFlag();
        if (!entry.isDirectory() && type != TarConstants.LF_NORMAL && type != TarConstants.LF_OLDNORM) {
            throw unsupported(name + " is neither a file nor a directory (tar type '" + (char) type + "')");
        }
    }

    /**
     * The entry's path, refused if it could leave the directory it is unpacked into: absolute, {@code ..}, or a
     * Windows drive or separator (harmless here, but a tool that unpacks it on Windows would follow them).
     */
    private static List<String> safeParts(String name) {
        if (name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf(':') >= 0 || name.indexOf('\0') >= 0) {
            throw new RecordingRefused(Reason.UNSAFE_PATH, "unsafe entry name " + printable(name));
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if ("..".equals(part)) {
                throw new RecordingRefused(Reason.UNSAFE_PATH, "unsafe entry name " + printable(name));
            }
            if (!part.isEmpty() && !".".equals(part)) {
                parts.add(part);
            }
        }
        return parts;
    }

    private static String printable(String name) {
        return "\"" + name.replaceAll("\\p{Cntrl}", "?") + "\"";
    }

    private static RecordingRefused unsupported(String why) {
        return new RecordingRefused(Reason.UNSUPPORTED_ENTRY, why);
    }

    private static RecordingRefused notARecording(String why) {
        return new RecordingRefused(Reason.NOT_A_RECORDING, why);
    }

    private static RecordingRefused badMetadata(String why) {
        return new RecordingRefused(Reason.BAD_METADATA, why);
    }
}
