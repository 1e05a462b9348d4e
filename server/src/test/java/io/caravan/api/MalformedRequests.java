package io.caravan.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.caravan.bbb.Checksum;
import io.caravan.bbb.ChecksumAlgorithm;

/**
 * A deterministic generator of odd and broken HTTP requests for {@link MalformedRequestsTest}: every request is built
 * from a fixed seed, byte for byte, so a failure is reproduced by its index. Each request says what it may expect:
 * <ul>
 *   <li>{@link Expect#ANSWER}: valid HTTP, or invalid in a way a server may tolerate: an answer, never a 5xx;</li>
 *   <li>{@link Expect#REFUSED}: certainly not valid HTTP and readable as far as its fault (request line or headers
 *   beyond the limits, no or a bad Host on HTTP/1.1, an unusable Content-Length): a 4xx answer;</li>
 *   <li>{@link Expect#ANSWER_OR_CLOSE}: its framing cannot be trusted (a body shorter than announced, broken chunks,
 *   an unknown HTTP version): a non-5xx answer or a close, never silence until the client gives up.</li>
 * </ul>
 */
final class MalformedRequests {

    enum Expect { ANSWER, REFUSED, ANSWER_OR_CLOSE }

    /** Where the request goes, which decides the body of its answer. */
    enum Area {
        /** /bigbluebutton/api and /t/{tenant}/bigbluebutton/api: BBB XML (JSON for the text track calls). */
        API,
        /** /admin...: JSON. */
        ADMIN,
        /** Anything else: only well-formed HTTP without a 5xx. */
        OTHER
    }

    /**
     * One request.
     *
     * @param jsonAllowed the call may answer JSON (recording text tracks)
     * @param head        a HEAD request: its answer has no body
     * @param halfClose   the client ends its side after sending (the request promises bytes that never come)
     * @param lineInvalid the request line may be unreadable, so the server may not know the path: the answer may be
     *                    BBB XML whatever the area
     */
    record Request(int index, String description, byte[] bytes, Area area, Expect expect, boolean jsonAllowed,
            boolean head, boolean halfClose, boolean lineInvalid) {

        @Override
        public String toString() {
            String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.ISO_8859_1);
            return "#" + index + " " + description + " [" + area + ", " + expect + "]: " + text.replace("\r\n", "\\r\\n");
        }
    }

    static final List<String> CALLS = List.of("create", "join", "isMeetingRunning", "end", "getMeetingInfo",
            "getMeetings", "insertDocument", "sendChatMessage", "getRecordings", "publishRecordings",
            "deleteRecordings", "updateRecordings", "getRecordingTextTracks", "putRecordingTextTrack");
    private static final List<String> ODD_CALLS = List.of("unknownCall", "CREATE", "create.xml",
            "create;jsessionid=1", "%63reate", "create%00", "cre%zzate", "create/extra", "%", "%C3%A9", "create%2Fx",
            "getMeetings/", "join%20", "%e9%80", "create%C3");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS",
            "HEAD");
    private static final List<String> ODD_METHODS = List.of("FOO", "get", "G@T", "PROPFIND", "CONNECT", "M".repeat(300),
            "BREW", "POST2");
    private static final List<String> QUERIES = List.of("&&&", "=", "==", "a==b", "meetingID", "meetingID=",
            "meetingID=%", "meetingID=%zz", "meetingID=%e9%80", "meetingID=%00", "meetingID=a%2", "%=%",
            "meetingID=fuzz-a&meetingID=fuzz-b", "checksum=", "checksum=%zz", "meta_=1", "meta_%zz=1&meetingID=fuzz-c",
            ";;", "a=b;c=d", "meetingID=fuzz-d?x=y", "+++", "meetingID=%u0041", "name=%F0%9F%98%80&meetingID=fuzz-e",
            "meetingID=fuzz-f&fullName=&role=", "meetingID=fuzz-g&password=%", "recordID=%zz", "recordID=,,,",
            "meetingID=fuzz-h&redirect=%zz", "meetingID=fuzz-i&duration=-1&maxParticipants=abc",
            "meetingID=fuzz-j&meta_endCallbackUrl=%zz", "meetingID=fuzz-k&meta_endCallbackUrl=http://[::1",
            "limit=-5&offset=abc", "state=%zz", "meetingID=" + "x".repeat(300), "kind=%zz&lang=",
            "meetingID=fuzz-l#fragment");
    private static final List<String> TENANTS = List.of("acme", "beta", "unknown", "", "%41cme", "a%zz", "ACME",
            "acme%2F", "x".repeat(300), "x".repeat(5000), "y".repeat(30000), "%", "t~t", "..", "acme;x=1");
    private static final List<String> ADMIN_PATHS = List.of("/admin", "/admin/", "/admin/api", "/admin/api/",
            "/admin/api/nodes", "/admin/api/nodes/bbb9", "/admin/api/nodes/bbb9/cordon", "/admin/api/nodes/%zz/x",
            "/admin/api/nodes/bbb9/bogus", "/admin/api/meetings", "/admin/api/meetings/fuzz-1",
            "/admin/api/meetings/fuzz-1/end", "/admin/api/meetings/%zz", "/admin/api/recordings",
            "/admin/api/tenants", "/admin/api/tenants/nope", "/admin/api/tenants/%zz", "/admin/api/unknown",
            "/admin/api/nodes/" + "n".repeat(5000), "/admin/api/nodes?node=%zz", "/admin/api/meetings?node=bbb9");
    private static final List<String> OTHER_PATHS = List.of("/metrics", "/health", "/health/live", "/stats",
            "/status", "/callbacks/meeting-ended/garbage", "/callbacks/%zz/%zz", "/", "/favicon.ico", "/bigbluebutton",
            "/bigbluebutton/apix", "/random/%zz", "/%", "/metrics?name[]=x", "/health?%zz", "/" + "z".repeat(4000));
    /** Paths whose area depends on how the server normalizes them: only HTTP itself is checked. */
    private static final List<String> AMBIGUOUS_PATHS = List.of("//bigbluebutton/api/create",
            "/bigbluebutton/../admin/api/nodes", "/bigbluebutton/%2e%2e/admin/api/nodes", "/./bigbluebutton/api",
            "http://127.0.0.1/bigbluebutton/api/getMeetings", "*", "bigbluebutton/api/create", "",
            "/bigbluebutton/api/../../metrics", "/t/acme/../bigbluebutton/api/create");
    private static final List<String> HOSTS = List.of("a%41b", "%", "%%%", "x%4", "[::1]", "[::1", "[::1]:99999",
            "host:", "host:abc", "host:65536", "h_st", "ho st", "\u00e9xample", "x".repeat(300), "a,b", "", " ",
            "127.0.0.1:0", "-", "[]", "[zz]", "acme.example.org:%41", "a%4", "%41%42%43%44");
    /** Hosts that are not {@code uri-host [":" port]} of RFC 3986 (the others are odd but valid). */
    private static final java.util.Set<String> INVALID_HOSTS = java.util.Set.of("%", "%%%", "x%4", "[::1",
            "[::1]:99999", "host:abc", "host:65536", "ho st", "\u00e9xample", "a,b", "acme.example.org:%41", "a%4");
    private static final List<String> CONTENT_TYPES = List.of("multipart/form-data; boundary=FUZZ",
            "multipart/form-data", "multipart/form-data; boundary=", "multipart/mixed; boundary=FUZZ",
            "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=bogus", "text/xml",
            "application/xml", "application/json", "!!!", ";;;", "text/plain; charset=utf-8", "*/*",
            "multipart/form-data; boundary=\"unterminated");

    private final Random random;
    private final int port;
    private final Map<String, String> tenantSecrets;
    private final Map<String, String> tenantHosts;
    private final String adminToken;
    private int meetings;

    /**
     * @param tenantSecrets a secret of each declared tenant, by name
     * @param tenantHosts   a hostname of each declared tenant, by name
     */
    MalformedRequests(long seed, int port, Map<String, String> tenantSecrets, Map<String, String> tenantHosts,
            String adminToken) {
        this.random = new Random(seed);
        this.port = port;
        this.tenantSecrets = tenantSecrets;
        this.tenantHosts = tenantHosts;
        this.adminToken = adminToken;
    }

    List<Request> generate(int count) {
        List<Request> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(next(i));
        }
        return requests;
    }

    private Request next(int index) {
        Builder b = new Builder(index);
        int target = random.nextInt(100);
        if (target < 40) {
            api(b, null);
        } else if (target < 62) {
            api(b, pick(TENANTS));
        } else if (target < 77) {
            admin(b);
        } else if (target < 92) {
            b.path = pick(OTHER_PATHS);
            b.area = Area.OTHER;
            b.what.add("other");
        } else {
            b.path = pick(AMBIGUOUS_PATHS);
            b.area = Area.OTHER;
            b.what.add("ambiguous path");
        }
        method(b);
        host(b);
        body(b);
        headers(b);
        version(b);
        return b.build();
    }

    private void api(Builder b, String tenant) {
        b.area = Area.API;
        String prefix = tenant == null ? "/bigbluebutton/api" : "/t/" + tenant + "/bigbluebutton/api";
        b.tenant = tenant;
        int kind = random.nextInt(10);
        String call;
        if (kind == 0) {
            b.path = prefix + (random.nextBoolean() ? "" : "/");
            b.what.add("api version");
            call = "";
        } else if (kind == 1) {
            call = pick(ODD_CALLS);
            b.path = prefix + "/" + call;
            b.what.add("odd call");
        } else {
            call = pick(CALLS);
            b.path = prefix + "/" + call;
            b.what.add(call);
        }
        // the text track calls answer JSON, and so does the version document asked with Content-Type: application/json
        b.jsonAllowed = call.isEmpty() || call.startsWith("getRecordingTextTracks")
                || call.startsWith("putRecordingTextTrack");
        String query = query(call);
        if (random.nextInt(100) < 3) {
            // a request line beyond 64 KiB (or just under it)
            boolean beyond = random.nextBoolean();
            int length = beyond ? 70_000 + random.nextInt(40_000) : 60_000;
            StringBuilder q = new StringBuilder(query.isEmpty() ? "name=long" : query);
            for (int i = 0; q.length() < length; i++) {
                q.append("&meta_f").append(i).append('=').append("v".repeat(50));
            }
            query = q.toString();
            if (beyond) {
                b.expect(Expect.REFUSED);
                b.lineInvalid = true;
                b.what.add("request line beyond the limit");
            } else {
                b.what.add("request line of 60 KB");
            }
        }
        String secret = secretFor(tenant);
        if (secret != null && !call.isEmpty() && random.nextInt(100) < 45) {
            b.signedHost = tenant == null;
            b.what.add("signed");
            query = Checksum.sign(pick(List.of(ChecksumAlgorithm.values())), call, query, secret);
        }
        if (!query.isEmpty() || random.nextInt(10) == 0) {
            b.path += "?" + query;
        }
    }

    /** The secret to sign with: the path's tenant's, or (without one) a tenant's the Host header will name. */
    private String secretFor(String tenant) {
        if (tenant != null) {
            return tenantSecrets.get(tenant);
        }
        return tenantSecrets.get("acme");
    }

    private String query(String call) {
        int kind = random.nextInt(10);
        if (kind < 4) {
            return pick(QUERIES);
        }
        if (kind < 8) {
            String meeting = "fuzz-" + (meetings++ % 40);
            return switch (call) {
                case "create" -> "name=Fuzz+" + meeting + "&meetingID=" + meeting;
                case "join" -> "meetingID=" + meeting + "&fullName=F&role=VIEWER";
                case "getRecordings", "publishRecordings", "deleteRecordings", "updateRecordings",
                        "getRecordingTextTracks", "putRecordingTextTrack" -> "recordID=rec-" + meeting
                        + "&meetingID=" + meeting + "&publish=true&kind=subtitles&lang=en";
                case "sendChatMessage" -> "meetingID=" + meeting + "&message=" + "%".repeat(random.nextInt(3));
                default -> "meetingID=" + meeting;
            };
        }
        if (kind == 8) {
            return "";
        }
        // random printable garbage, percent signs and separators included
        StringBuilder q = new StringBuilder();
        String alphabet = "abcXYZ019=&%+;,/?:@!$'()*[]~._-";
        for (int i = random.nextInt(80); i > 0; i--) {
            q.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return q.toString();
    }

    private void admin(Builder b) {
        b.area = Area.ADMIN;
        b.path = pick(ADMIN_PATHS);
        b.what.add("admin");
        int auth = random.nextInt(4);
        if (auth == 0) {
            b.headers.add("Authorization: Bearer " + adminToken);
            b.what.add("admin token");
        } else if (auth == 1) {
            b.headers.add("Authorization: " + pick(List.of("Bearer", "Bearer ", "Basic %%%", "Bearer wrong",
                    "bearer " + adminToken, "Bearer " + adminToken + "x")));
        }
    }

    private void method(Builder b) {
        int kind = random.nextInt(20);
        b.method = kind < 17 ? pick(METHODS) : pick(ODD_METHODS);
        if (b.method.equals("G@T") || b.method.length() > 100) {
            // not a token: a server may refuse it, but it must answer
            b.lineInvalid = true;
            b.what.add("method not a token");
        }
        b.head = b.method.equals("HEAD");
        if (b.method.equals("TRACE") || b.method.equals("CONNECT")) {
            // refused as Tomcat and nginx refuse them (405)
            b.expect(Expect.REFUSED);
        }
        if (b.method.equals("CONNECT") || b.path.isEmpty() || b.path.equals("*")) {
            // CONNECT wants an authority, OPTIONS * none: either way an answer, perhaps a refusal
            b.lineInvalid = true;
            b.what.add("odd request target");
        }
    }

    private void host(Builder b) {
        int kind = random.nextInt(20);
        String normal = "127.0.0.1:" + port;
        if (b.signedHost && b.tenant == null) {
            // a signed call without tenant in the path names its tenant by host
            normal = tenantHosts.get("acme");
        } else if (b.tenant == null && b.area == Area.API && random.nextBoolean()) {
            normal = tenantHosts.get(random.nextBoolean() ? "acme" : "beta");
        }
        if (kind < 13) {
            b.hostLines.add("Host: " + normal);
        } else if (kind < 15) {
            String host = pick(HOSTS);
            b.hostLines.add("Host: " + host);
            b.badHost = INVALID_HOSTS.contains(host);
            b.what.add(b.badHost ? "invalid Host" : "odd Host");
        } else if (kind == 15) {
            b.missingHost = true;
            b.what.add("no Host");
        } else if (kind == 16) {
            b.hostLines.add("Host: " + normal);
            b.hostLines.add("Host: " + (random.nextBoolean() ? normal : "other.example.org"));
            b.twoHosts = true;
            b.what.add("two Hosts");
        } else if (kind == 17) {
            b.hostLines.add("host:" + normal);
        } else if (kind == 18) {
            b.hostLines.add("Host: " + normal);
            b.headers.add("X-Forwarded-Host: " + pick(HOSTS));
        } else {
            b.hostLines.add("Host:\t" + normal + "  ");
        }
    }

    private void body(Builder b) {
        int kind = random.nextInt(12);
        if (kind < 3) {
            if (random.nextInt(4) == 0) {
                b.contentType(pick(CONTENT_TYPES));
            }
            return;
        }
        String contentType = random.nextInt(8) == 0 ? null : pick(CONTENT_TYPES);
        byte[] body = bodyFor(contentType);
        if (contentType != null) {
            b.contentType(contentType);
        }
        b.what.add("body " + body.length + "B");
        int framing = random.nextInt(16);
        if (framing < 6) {
            b.headers.add("Content-Length: " + body.length);
            b.body = body;
        } else if (framing == 6) {
            // shorter than the body: the rest reads as a next request, the first is answered
            b.headers.add("Content-Length: " + Math.max(0, body.length - 1 - random.nextInt(Math.max(1, body.length))));
            b.body = body;
            b.what.add("Content-Length short");
        } else if (framing == 7) {
            b.headers.add("Content-Length: " + (body.length + 1 + random.nextInt(1000)));
            b.body = body;
            b.halfClose = true;
            b.expect(Expect.ANSWER_OR_CLOSE);
            b.what.add("Content-Length long");
        } else if (framing == 8) {
            b.headers.add("Content-Length: " + pick(List.of("-1", "abc", "1,2", "0x10", "99999999999999999999",
                    "", "+5")));
            b.body = body;
            b.expect(Expect.REFUSED);
            b.what.add("Content-Length invalid");
        } else if (framing == 9) {
            b.headers.add("Content-Length: " + body.length);
            b.headers.add("Content-Length: " + (body.length + 7));
            b.body = body;
            b.twoLengths = true;
            b.what.add("two Content-Lengths");
        } else if (framing < 13) {
            b.headers.add("Transfer-Encoding: chunked");
            b.body = chunked(body, framing == 12);
            if (framing == 12) {
                b.expect(Expect.ANSWER_OR_CLOSE);
                b.what.add("chunks broken");
                b.halfClose = true;
            } else {
                b.what.add("chunked");
            }
        } else if (framing == 13) {
            b.headers.add("Transfer-Encoding: chunked");
            b.headers.add("Content-Length: " + body.length);
            b.body = chunked(body, false);
            b.what.add("chunked and Content-Length");
        } else if (framing == 14) {
            b.headers.add("Transfer-Encoding: " + pick(List.of("gzip", "chunked, gzip", "xchunked", "identity",
                    "chunked, chunked")));
            b.body = body;
            b.expect(Expect.ANSWER_OR_CLOSE);
            b.halfClose = true;
            b.what.add("odd Transfer-Encoding");
        } else {
            // a body without length: for a request, no body at all, so the bytes read as a next request
            b.body = body;
            b.what.add("body without length");
        }
    }

    private byte[] bodyFor(String contentType) {
        int kind = random.nextInt(6);
        if (kind == 0) {
            byte[] bytes = new byte[random.nextInt(2048)];
            random.nextBytes(bytes);
            return bytes;
        }
        String type = contentType == null ? "" : contentType;
        String text;
        if (type.startsWith("multipart")) {
            text = kind < 3 ? "--FUZZ\r\nContent-Disposition: form-data; name=\"meetingID\"\r\n\r\nfuzz-m\r\n--FUZZ--\r\n"
                    : kind == 3 ? "--FUZZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../x\"\r\n"
                    + "Content-Type: text/vtt\r\n\r\nWEBVTT\r\n--FUZZ" : "--NOT\r\n\r\n--";
        } else if (type.contains("urlencoded")) {
            text = kind < 3 ? "meetingID=fuzz-f&name=Form" : pick(QUERIES);
        } else if (type.contains("xml")) {
            text = kind < 3 ? "<modules><module name=\"presentation\"><document url=\"http://x/y.pdf\"/></module></modules>"
                    : kind == 3 ? "<modules><module" : "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        } else if (type.contains("json")) {
            text = kind < 3 ? "{\"name\":\"bbb9\",\"url\":" : pick(List.of("{", "[]", "null", "{\"a\":1}", "\"\"",
                    "{\"secrets\":[1,2]}", "{\"name\":\"t\",\"secrets\":\"\"}"));
        } else {
            text = "x".repeat(random.nextInt(200));
        }
        if (random.nextInt(30) == 0) {
            text = text + "y".repeat(200_000);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] chunked(byte[] body, boolean broken) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int n = Math.min(body.length - at, 1 + random.nextInt(700));
            String size = Integer.toHexString(n) + (random.nextInt(5) == 0 ? ";ext=1" : "");
            out.writeBytes((size + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            at += n;
        }
        if (broken) {
            out.writeBytes(pick(List.of("zz\r\n", "5\r\nab", "FFFFFFFFFFFF\r\n", "-1\r\n", "3\r\nabcdef\r\n"))
                    .getBytes(StandardCharsets.US_ASCII));
        } else {
            out.writeBytes((random.nextInt(4) == 0 ? "0\r\nX-Trailer: t\r\n\r\n" : "0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private void headers(Builder b) {
        int kind = random.nextInt(30);
        switch (kind) {
            case 0 -> {
                b.headers.add("X-Huge: " + "h".repeat(70_000));
                b.expect(Expect.REFUSED);
                b.what.add("header beyond the limit");
            }
            case 1 -> {
                for (int i = 0; i < 900; i++) {
                    b.headers.add("X-Many-" + i + ": " + "m".repeat(50));
                }
                b.what.add("60 KB of headers");
            }
            case 2 -> {
                b.headers.add(pick(List.of("Garbage", "X-Space : v", ": empty name", "X-Ctl: a\u0001b", "X-Nul: a\u0000b",
                        "X-Folded: a\r\n b", "X-Bad\u00e9: v", "X Y: z")));
                b.what.add("odd header line");
            }
            case 3 -> {
                b.headers.add("Expect: " + pick(List.of("100-continue", "garbage", "")));
                b.what.add("Expect");
            }
            case 4 -> b.headers.add("Connection: " + pick(List.of("close", "keep-alive", "upgrade", "garbage")));
            case 5 -> {
                b.headers.add("Upgrade: " + pick(List.of("websocket", "h2c", "garbage")));
                b.headers.add("Connection: Upgrade");
                b.what.add("upgrade");
            }
            case 6 -> b.headers.add("Cookie: " + pick(List.of("a=b", "%%%", "JSESSIONID=" + "c".repeat(3000))));
            case 7 -> b.headers.add("Accept: " + pick(List.of("*/*", "application/json", ";;;q=x", "text/xml;q=abc")));
            case 8 -> b.headers.add("X-Forwarded-For: " + pick(List.of("1.2.3.4", "%%%", "[::1", "")));
            case 9 -> {
                // bare LF ends lines: RFC 9112 lets a server accept it, Netty (strict since 4.1.114) refuses
                b.lineEnd = "\n";
                b.expect(Expect.REFUSED);
                b.lineInvalid = true;
                b.what.add("bare LF");
            }
            default -> {
            }
        }
    }

    private void version(Builder b) {
        int kind = random.nextInt(40);
        if (kind < 33) {
            b.version = "HTTP/1.1";
        } else if (kind < 37) {
            b.version = "HTTP/1.0";
        } else {
            b.version = pick(List.of("HTTP/1.2", "HTTP/2.0", "http/1.1", "HTTX/1.1", "HTTP/1", "HTTP/1.1 extra", "",
                    "HTTP/9.9", "HTTP/1.10"));
            b.expect(Expect.ANSWER_OR_CLOSE);
            b.lineInvalid = true;
            b.what.add("odd version");
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static final class Builder {
        final int index;
        final List<String> what = new ArrayList<>();
        final List<String> headers = new ArrayList<>();
        final List<String> hostLines = new ArrayList<>();
        String method = "GET";
        String path = "/";
        String version = "HTTP/1.1";
        String lineEnd = "\r\n";
        String tenant;
        Area area = Area.OTHER;
        Expect expect = Expect.ANSWER;
        boolean jsonAllowed;
        boolean head;
        boolean halfClose;
        boolean lineInvalid;
        boolean badHost;
        boolean missingHost;
        boolean twoHosts;
        boolean twoLengths;
        boolean signedHost;
        byte[] body = new byte[0];

        Builder(int index) {
            this.index = index;
        }

        void contentType(String value) {
            headers.add("Content-Type: " + value);
        }

        /** Keeps the weakest expectation: a close is allowed once any part allows it. */
        void expect(Expect expect) {
            if (this.expect != Expect.ANSWER_OR_CLOSE) {
                this.expect = expect;
            }
        }

        Request build() {
            boolean http11 = version.equals("HTTP/1.1");
            if (http11 && (missingHost || badHost || twoHosts)) {
                // RFC 9112 3.2: a server must answer 400 to a request without exactly one valid Host
                expect(Expect.REFUSED);
            }
            if (http11 && twoLengths) {
                // RFC 9112 6.3: conflicting lengths are unrecoverable; HTTP/1.0 servers take the first
                expect(Expect.REFUSED);
            }
            if (head && body.length > 0) {
                what.add("HEAD with body");
            }
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(path);
            if (!version.isEmpty()) {
                head.append(' ').append(version);
            }
            head.append(lineEnd);
            for (String line : hostLines) {
                head.append(line).append(lineEnd);
            }
            for (String line : headers) {
                head.append(line).append(lineEnd);
            }
            head.append(lineEnd);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(body);
            return new Request(index, String.join(", ", what), out.toByteArray(), area, expect, jsonAllowed,
                    this.head, halfClose, lineInvalid);
        }
    }
}
