package io.caravan.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.x over a plain socket, for tests that must send what no HTTP client would (invalid request lines, lying
 * Content-Lengths, broken chunks) and see exactly what comes back. The answer is parsed strictly: a status line, header
 * lines, and a body framed by Content-Length, chunked encoding or the end of the connection; anything else is reported
 * as a malformed answer.
 */
public final class RawHttp {

    private final String host;
    private final int port;
    private final int readTimeoutMillis;

    public RawHttp(String host, int port, int readTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /**
     * Sends {@code request} on a new connection and reads the first answer (after any 1xx).
     *
     * @param headRequest the request is a HEAD: its answer has no body whatever its headers say
     * @param halfClose   shut the sending side down after the request (for requests that promise more bytes than they
     *                    send, so the server sees the end of the stream instead of waiting)
     */
    public Outcome exchange(byte[] request, boolean headRequest, boolean halfClose) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(readTimeoutMillis);
            OutputStream out = socket.getOutputStream();
            String writeError = null;
            try {
                out.write(request);
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // the server may answer and close before it read everything (a request line beyond its limit)
                writeError = e.toString();
            }
            Reader reader = new Reader(new BufferedInputStream(socket.getInputStream()));
            try {
                Response response;
                do {
                    response = reader.response(headRequest);
                } while (response != null && response.status() >= 100 && response.status() < 200);
                if (response == null) {
                    return Outcome.closed(reader.received(), writeError);
                }
                return Outcome.answered(response);
            } catch (SocketTimeoutException e) {
                return Outcome.timedOut(reader.received());
            } catch (Malformed e) {
                return Outcome.malformed(e.getMessage(), reader.received());
            } catch (IOException e) {
                // a reset after some bytes: whatever came is judged as a close
                return Outcome.closed(reader.received(), e.toString());
            }
        } catch (IOException e) {
            return Outcome.closed(new byte[0], "connect: " + e);
        }
    }

    /** What became of one request. */
    public record Outcome(Kind kind, Response response, String detail, byte[] received) {

        public enum Kind { ANSWERED, CLOSED_WITHOUT_ANSWER, TIMED_OUT, MALFORMED_ANSWER }

        static Outcome answered(Response response) {
            return new Outcome(Kind.ANSWERED, response, null, response.raw());
        }

        static Outcome closed(byte[] received, String detail) {
            return received.length == 0 ? new Outcome(Kind.CLOSED_WITHOUT_ANSWER, null, detail, received)
                    : new Outcome(Kind.MALFORMED_ANSWER, null, "connection ended inside an answer", received);
        }

        static Outcome timedOut(byte[] received) {
            return received.length == 0 ? new Outcome(Kind.TIMED_OUT, null, "no answer", received)
                    : new Outcome(Kind.MALFORMED_ANSWER, null, "answer stopped midway", received);
        }

        static Outcome malformed(String detail, byte[] received) {
            return new Outcome(Kind.MALFORMED_ANSWER, null, detail, received);
        }

        public boolean answered() {
            return kind == Kind.ANSWERED;
        }

        @Override
        public String toString() {
            String text = new String(received, 0, Math.min(received.length, 600), StandardCharsets.ISO_8859_1);
            return kind + (detail == null ? "" : " (" + detail + ")") + (text.isEmpty() ? "" : ": " + text);
        }
    }

    /** One parsed answer; header names in lower case. */
    public record Response(String version, int status, Map<String, List<String>> headers, byte[] body, byte[] raw) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    private static final class Reader {

        private final InputStream in;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Reader(InputStream in) {
            this.in = in;
        }

        byte[] received() {
            return received.toByteArray();
        }

        /** The next answer, or null when the connection ended before its first byte. */
        Response response(boolean headRequest) throws IOException {
            int start = received.size();
            String statusLine = line(true);
            if (statusLine == null) {
                return null;
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].matches("HTTP/1\\.[01]") || !parts[1].matches("[1-5][0-9][0-9]")) {
                throw new Malformed("bad status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String header = line(false); !header.isEmpty(); header = line(false)) {
                int colon = header.indexOf(':');
                if (colon <= 0 || !header.substring(0, colon).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    throw new Malformed("bad header line: " + header);
                }
                headers.computeIfAbsent(header.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(header.substring(colon + 1).trim());
            }
            byte[] body = body(status, headers, headRequest, parts[0]);
            byte[] all = received.toByteArray();
            byte[] raw = java.util.Arrays.copyOfRange(all, start, all.length);
            return new Response(parts[0], status, headers, body, raw);
        }

        private byte[] body(int status, Map<String, List<String>> headers, boolean headRequest, String version)
                throws IOException {
            if (headRequest || status < 200 || status == 204 || status == 304) {
                return new byte[0];
            }
            List<String> encoding = headers.get("transfer-encoding");
            List<String> length = headers.get("content-length");
            if (encoding != null) {
                if (length != null) {
                    throw new Malformed("both Transfer-Encoding and Content-Length");
                }
                if (!encoding.get(encoding.size() - 1).equalsIgnoreCase("chunked")) {
                    throw new Malformed("unknown Transfer-Encoding " + encoding);
                }
                return chunked();
            }
            if (length != null) {
                if (length.size() != 1 || !length.get(0).matches("[0-9]{1,10}")) {
                    throw new Malformed("bad Content-Length " + length);
                }
                return exactly(Integer.parseInt(length.get(0)));
            }
            List<String> connection = headers.get("connection");
            boolean closes = version.equals("HTTP/1.0")
                    || connection != null && connection.stream().anyMatch(v -> v.equalsIgnoreCase("close"));
            if (!closes) {
                throw new Malformed("a body with neither length nor chunks on a connection kept open");
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int b = read(); b >= 0; b = read()) {
                body.write(b);
            }
            return body.toByteArray();
        }

        private byte[] chunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line(false);
                int semicolon = size.indexOf(';');
                String hex = (semicolon < 0 ? size : size.substring(0, semicolon)).trim();
                if (!hex.matches("[0-9A-Fa-f]{1,8}")) {
                    throw new Malformed("bad chunk size: " + size);
                }
                int n = Integer.parseInt(hex, 16);
                if (n == 0) {
                    for (String trailer = line(false); !trailer.isEmpty(); trailer = line(false)) {
                        // trailers are ignored
                    }
                    return body.toByteArray();
                }
                body.write(exactly(n));
                if (!line(false).isEmpty()) {
                    throw new Malformed("chunk not followed by CRLF");
                }
            }
        }

        private byte[] exactly(int n) throws IOException {
            byte[] bytes = new byte[n];
            for (int i = 0; i < n; i++) {
                int b = read();
                if (b < 0) {
                    throw new Malformed("body ended after " + i + " of " + n + " bytes");
                }
                bytes[i] = (byte) b;
            }
            return bytes;
        }

        /** A CRLF-terminated line; null at a clean end before its first byte when {@code endAllowed}. */
        private String line(boolean endAllowed) throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = read();
                if (b < 0) {
                    if (endAllowed && line.length() == 0) {
                        return null;
                    }
                    throw new Malformed("connection ended inside a line: " + line);
                }
                if (b == '\r') {
                    if (read() != '\n') {
                        throw new Malformed("CR without LF");
                    }
                    return line.toString();
                }
                if (b == '\n') {
                    throw new Malformed("LF without CR");
                }
                if (line.length() > 65536) {
                    throw new Malformed("line longer than 64 KiB");
                }
                line.append((char) b);
            }
        }

        private int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                received.write(b);
            }
            return b;
        }
    }
}
