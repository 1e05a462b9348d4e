package io.caravan.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The parts of a multipart/form-data body, as the servlet container gives them to Grails (putRecordingTextTrack's
 * fields and its "file"). The emulator's own reader, so that it does not share Caravan's.
 */
final class MultipartBody {

    /** One part; filename is null for a plain field. */
    record Part(String name, String filename, byte[] content) {

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private MultipartBody() {
    }

    /** The parts; none when the body is not multipart/form-data with a boundary. */
    static List<Part> parts(byte[] body, String contentType) {
        List<Part> parts = new ArrayList<>();
        String boundary = boundary(contentType);
        if (boundary == null || body == null) {
            return parts;
        }
        // one char per byte, so positions in the text are positions in the body
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        int at = text.indexOf(delimiter);
        while (at >= 0 && !text.startsWith("--", at + delimiter.length())) {
            int start = at + delimiter.length();
            int next = text.indexOf("\r\n" + delimiter, start);
            int headersEnd = text.indexOf("\r\n\r\n", start);
            if (next < 0) {
                break;
            }
            if (headersEnd >= 0 && headersEnd < next) {
                String headers = text.substring(start, headersEnd);
                String name = disposition(headers, "name");
                if (name != null) {
                    parts.add(new Part(utf8(name), utf8(disposition(headers, "filename")),
                            Arrays.copyOfRange(body, headersEnd + 4, next)));
                }
            }
            at = next + 2;
        }
        return parts;
    }

    private static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = unquote(p.substring("boundary=".length()));
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static String disposition(String headers, String parameter) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                for (String piece : line.substring(line.indexOf(':') + 1).split(";")) {
                    String p = piece.trim();
                    if (p.startsWith(parameter + "=")) {
                        return unquote(p.substring(parameter.length() + 1));
                    }
                }
            }
        }
        return null;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private static String utf8(String latin1) {
        return latin1 == null ? null : new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
