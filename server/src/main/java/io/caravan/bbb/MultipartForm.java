package io.caravan.bbb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads the parts of a multipart/form-data body (putRecordingTextTrack's upload) without changing it: Caravan only
 * needs the recordID field to find the node, and forwards the body as it came.
 */
public final class MultipartForm {

    /**
     * One part.
     *
     * @param name     its form field name
     * @param filename the uploaded file's name, or null for a plain field
     * @param content  its bytes
     */
    public record Part(String name, String filename, byte[] content) {

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private MultipartForm() {
    }

    public static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** The parts of the body; none when it is not multipart/form-data or has no boundary. */
    public static List<Part> parts(byte[] body, String contentType) {
        String boundary = boundary(contentType);
        List<Part> parts = new ArrayList<>();
        if (body == null || boundary == null) {
            return parts;
        }
        // ISO-8859-1 maps every byte to one char, so indexes into the text are indexes into the bytes
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int start = at + delimiter.length();
            if (text.startsWith("--", start)) {
                break;
            }
            int next = text.indexOf("\r\n" + delimiter, start);
            if (next < 0) {
                break;
            }
            int headersEnd = text.indexOf("\r\n\r\n", start);
            if (headersEnd >= 0 && headersEnd < next) {
                String headers = text.substring(start, headersEnd);
                String name = dispositionParameter(headers, "name");
                if (name != null) {
                    parts.add(new Part(decode(name), decode(dispositionParameter(headers, "filename")),
                            Arrays.copyOfRange(body, headersEnd + 4, next)));
                }
            }
            at = next + 2;
        }
        return parts;
    }

    /** The text of the first plain field with this name, or null. */
    public static String field(byte[] body, String contentType, String name) {
        return parts(body, contentType).stream().filter(p -> p.name().equals(name) && p.filename() == null)
                .findFirst().map(Part::text).orElse(null);
    }

    private static String boundary(String contentType) {
        if (!isMultipart(contentType)) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = p.substring("boundary=".length());
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static String dispositionParameter(String headers, String parameter) {
        for (String line : headers.split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                continue;
            }
            for (String piece : line.substring(line.indexOf(':') + 1).split(";")) {
                String p = piece.trim();
                if (p.startsWith(parameter + "=")) {
                    String value = p.substring(parameter.length() + 1);
                    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                            ? value.substring(1, value.length() - 1) : value;
                }
            }
        }
        return null;
    }

    private static String decode(String isoText) {
        return isoText == null ? null
                : new String(isoText.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
