package io.caravan.playback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import io.caravan.catalog.RecordingCatalog;
import io.caravan.recordings.RecordingCatalogOnDemand;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.PublishedRecordings;
import io.caravan.support.Xml;
import io.caravan.support.RawHttp;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Recordings a node uploaded (with deploy/bbb/caravan-recording-upload) are played through Caravan at BBB's own
 * URLs, over real HTTP: their files with types, lengths and caching headers, ranges of the webcams video, 304s, HEAD,
 * the presentation player from its directory, and a protected recording through its one-time link and cookie.
 * Nothing else is playable: traversal, unknown recordings and other paths are 404.
 */
@Tag("end-to-end")
class PlaybackEndToEndTest {

    private static final String ID = "d1e2f3a4b5c60718293a4b5c6d7e8f9012345678-1715000000010";
    private static final String PROTECTED = "e1e2f3a4b5c60718293a4b5c6d7e8f9012345678-1715000000011";
    private static final String ALSO_PROTECTED = "f1e2f3a4b5c60718293a4b5c6d7e8f9012345678-1715000000012";
    private static final String SLIDES = "presentation/d2d9a672040fbde2a47a10bf6c37b6a4b5ae187f-1715000000100";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H',
        'D', 'R'};
    private static final String PLAYER_PAGE = "<!doctype html><title>bbb-playback</title><div id=\"root\"></div>\n";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static CaravanUnderTest caravan;
    private static Path published;
    private static Path player;
    /** the webcams video: a webm's magic, then a few hundred KB of noise */
    private static byte[] webcams;
    private static String shapes;

    @BeforeAll
    static void start() throws Exception {
        published = Files.createTempDirectory("caravan-published");
        player = Files.createTempDirectory("caravan-player");
        Files.writeString(player.resolve("index.html"), PLAYER_PAGE);
        Files.createDirectories(player.resolve("static/js"));
        Files.writeString(player.resolve("static/js/main.1f2e3d.js"), "console.log('bbb-playback');\n");
        caravan = CaravanUnderTest.builder().nodes(1)
                .property("caravan.recordings.playback.player-dir", player.toString())
                .start();

        webcams = new byte[300_000];
        new Random(13).nextBytes(webcams);
        System.arraycopy(new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3}, 0, webcams, 0, 4);
        shapes = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1600\"/>\n";
        PublishedRecordings node = new PublishedRecordings(published);
        for (String recordId : List.of(ID, PROTECTED, ALSO_PROTECTED)) {
            Path presentation = node.format("presentation", recordId, "physics");
            Files.writeString(presentation.resolve("shapes.svg"), shapes);
            Files.createDirectories(presentation.resolve(SLIDES));
            Files.write(presentation.resolve(SLIDES + "/slide-1.png"), PNG);
            Files.createDirectories(presentation.resolve("video"));
            Files.write(presentation.resolve("video/webcams.webm"), webcams);
            Path video = node.format("video", recordId, "physics");
            Files.writeString(video.resolve("index.html"), "<!doctype html><title>Physics 101</title>\n");
            Files.write(video.resolve("video-0.m4v"), new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p'});
            PublishedRecordings.Run run = node.upload(caravan, recordId, "bbb1", caravan.node(0).secret());
            assertEquals(0, run.exitCode(), run.out());
        }
        for (String recordId : List.of(PROTECTED, ALSO_PROTECTED)) {
            Xml updated = Xml.parse(caravan.client().get("updateRecordings", "recordID=" + recordId + "&protect=true")
                    .body());
            assertEquals("SUCCESS", updated.returncode(), "updateRecordings protect=true");
        }
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static RecordingCatalog catalog() {
        return caravan.bean("recordingCatalogOnDemand", RecordingCatalogOnDemand.class).ifAny().orElseThrow();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path
                : caravan.baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static byte[] stored(String path) throws IOException {
        return Files.readAllBytes(published.resolve(path));
    }

    /** Nothing of Camel's or of the request comes back. */
    private static void noInternalHeaders(HttpResponse<?> response) {
        for (String name : response.headers().map().keySet()) {
            String lower = name.toLowerCase();
            assertFalse(lower.startsWith("camel") || lower.equals("range") || lower.equals("cookie")
                    || lower.equals("if-none-match") || lower.equals("host") || lower.equals("user-agent")
                    || lower.equals("*"), "leaked header " + name + ": " + response.headers().map());
        }
    }

    @Test
    void aPublishedRecordingsFilesAreServedWithTheirTypeLengthAndCaching() throws Exception {
        HttpResponse<byte[]> metadata = get("/presentation/" + ID + "/metadata.xml");
        assertEquals(200, metadata.statusCode());
        assertEquals("application/xml", header(metadata, "Content-Type"));
        assertArrayEquals(stored("presentation/" + ID + "/metadata.xml"), metadata.body());
        assertEquals(String.valueOf(metadata.body().length), header(metadata, "Content-Length"));
        assertEquals("bytes", header(metadata, "Accept-Ranges"));
        assertEquals("public, max-age=86400", header(metadata, "Cache-Control"));
        assertTrue(header(metadata, "ETag").startsWith("\""), header(metadata, "ETag"));
        assertTrue(header(metadata, "Last-Modified").endsWith(" GMT"), header(metadata, "Last-Modified"));
        noInternalHeaders(metadata);

        HttpResponse<byte[]> svg = get("/presentation/" + ID + "/shapes.svg", "Range", "bytes=-5", "Cookie", "a=b");
        assertEquals(206, svg.statusCode(), "a range of a small file too");
        noInternalHeaders(svg);
        HttpResponse<byte[]> whole = get("/presentation/" + ID + "/shapes.svg");
        assertEquals("image/svg+xml", header(whole, "Content-Type"));
        assertEquals(shapes, new String(whole.body(), StandardCharsets.UTF_8));
        HttpResponse<byte[]> slide = get("/presentation/" + ID + "/" + SLIDES + "/slide-1.png");
        assertEquals("image/png", header(slide, "Content-Type"));
        assertArrayEquals(PNG, slide.body());

        HttpResponse<byte[]> video = get("/presentation/" + ID + "/video/webcams.webm");
        assertEquals(200, video.statusCode());
        assertEquals("video/webm", header(video, "Content-Type"));
        assertEquals("300000", header(video, "Content-Length"));
        assertArrayEquals(webcams, video.body());
        assertEquals(null, header(video, "Transfer-Encoding"), "sent with its length, not chunked");

        HttpResponse<byte[]> page = get("/playback/video/" + ID + "/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", header(page, "Content-Type"));
        assertTrue(new String(page.body(), StandardCharsets.UTF_8).contains("Physics 101"));
        HttpResponse<byte[]> noSlash = get("/playback/video/" + ID + "?t=60");
        assertEquals(301, noSlash.statusCode(), "the page's relative links need the slash");
        assertEquals("/playback/video/" + ID + "/?t=60", header(noSlash, "Location"));
        assertEquals(200, get("/playback/video/" + ID + "/video-0.m4v").statusCode());
    }

    @Test
    void aRangeOfTheWebcamsVideoIsExactlyThoseBytes() throws Exception {
        String path = "/presentation/" + ID + "/video/webcams.webm";
        HttpResponse<byte[]> middle = get(path, "Range", "bytes=1000-1999");
        assertEquals(206, middle.statusCode());
        assertEquals("bytes 1000-1999/300000", header(middle, "Content-Range"));
        assertEquals("1000", header(middle, "Content-Length"));
        assertEquals("video/webm", header(middle, "Content-Type"));
        assertArrayEquals(Arrays.copyOfRange(webcams, 1000, 2000), middle.body());

        HttpResponse<byte[]> open = get(path, "Range", "bytes=299990-");
        assertEquals("bytes 299990-299999/300000", header(open, "Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(webcams, 299_990, 300_000), open.body());
        HttpResponse<byte[]> suffix = get(path, "Range", "bytes=-500");
        assertEquals("bytes 299500-299999/300000", header(suffix, "Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(webcams, 299_500, 300_000), suffix.body());

        HttpResponse<byte[]> outside = get(path, "Range", "bytes=300000-");
        assertEquals(416, outside.statusCode());
        assertEquals("bytes */300000", header(outside, "Content-Range"));
        HttpResponse<byte[]> malformed = get(path, "Range", "bytes=x-y");
        assertEquals(200, malformed.statusCode(), "a malformed range is ignored");
        assertEquals(300_000, malformed.body().length);
        HttpResponse<byte[]> several = get(path, "Range", "bytes=0-1,5-9");
        assertEquals(200, several.statusCode(), "several ranges: the whole file");
        HttpResponse<byte[]> staleIfRange = get(path, "Range", "bytes=0-9", "If-Range", "\"not-the-etag\"");
        assertEquals(200, staleIfRange.statusCode(), "If-Range of another version: the whole file");
    }

    @Test
    void aCurrentCopyIsAnswered304() throws Exception {
        String path = "/presentation/" + ID + "/shapes.svg";
        HttpResponse<byte[]> first = get(path);
        String etag = header(first, "ETag");
        HttpResponse<byte[]> byTag = get(path, "If-None-Match", etag);
        assertEquals(304, byTag.statusCode());
        assertEquals(0, byTag.body().length);
        assertEquals(etag, header(byTag, "ETag"));
        assertEquals("public, max-age=86400", header(byTag, "Cache-Control"));
        assertEquals(304, get(path, "If-None-Match", "\"other\", W/" + etag).statusCode(), "weak comparison");
        assertEquals(304, get(path, "If-Modified-Since", header(first, "Last-Modified")).statusCode());
        assertEquals(200, get(path, "If-None-Match", "\"other\"").statusCode());
        assertEquals(200, get(path, "If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT").statusCode());
        assertEquals(200, get(path, "If-Modified-Since", "not a date").statusCode());
    }

    @Test
    void headAnswersTheHeadersOnly() throws IOException {
        RawHttp.Outcome head = raw("HEAD", "/presentation/" + ID + "/video/webcams.webm", "Range: bytes=0-9\r\n");
        assertTrue(head.answered(), head.toString());
        assertEquals(200, head.response().status(), "Range is for GET only");
        assertEquals("300000", head.response().header("content-length"));
        assertEquals("video/webm", head.response().header("content-type"));
        assertEquals(0, head.response().body().length);
        // nothing follows the headers: the connection carries no file after a HEAD
        String all = new String(untilClosed("HEAD /presentation/" + ID + "/video/webcams.webm HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n"), StandardCharsets.ISO_8859_1);
        assertTrue(all.startsWith("HTTP/1.1 200"), all);
        assertTrue(all.endsWith("\r\n\r\n"), all);
    }

    /** Everything the server sends for this request until it closes the connection. */
    private static byte[] untilClosed(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", caravan.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return socket.getInputStream().readAllBytes();
        }
    }

    private static RawHttp.Outcome raw(String method, String target, String headers) {
        return new RawHttp("127.0.0.1", caravan.port(), 5000).exchange((method + " " + target + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n" + headers + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
                method.equals("HEAD"), false);
    }

    @Test
    void traversalOtherPathsAndUnknownOrUnpublishedRecordingsAre404() throws Exception {
        Files.writeString(caravan.dataDir().resolve("secret.txt"), "not for playback");
        for (String target : List.of("/presentation/" + ID + "/../../secret.txt",
                "/presentation/" + ID + "/%2e%2e/%2e%2e/%2e%2e/secret.txt",
                "/presentation/" + ID + "/%2E%2E%2F%2E%2E%2Fsecret.txt", "/presentation/" + ID + "/..%5c..%5csecret.txt",
                "/presentation/" + ID + "/video\\..\\metadata.xml", "/presentation/" + ID + "//etc/passwd",
                "/presentation/..%2f..%2fsecret.txt/x", "/presentation/" + ID + "/no-such-file.xml",
                "/presentation/" + ID + "/video", "/presentation/f1e2f3a4b5c6-1715000000099/metadata.xml",
                "/presentation/not.a.record.id/metadata.xml", "/playback/video/../presentation/" + ID + "/shapes.svg",
                "/podcast/" + ID + "/audio.ogg", "/playback/presentation/2.3/f1e2f3a4b5c6-1715000000099",
                "/playback/presentation/2.3/../../presentation/" + ID + "/shapes.svg")) {
            RawHttp.Outcome answer = raw("GET", target, "");
            assertTrue(answer.answered(), target + ": " + answer);
            assertEquals(404, answer.response().status(), target + ": " + answer.response().bodyText());
            assertFalse(answer.response().bodyText().contains("not for playback"), target);
            assertFalse(answer.response().bodyText().contains("Exception"), target);
        }
        HttpResponse<byte[]> unknown = get("/presentation/f1e2f3a4b5c6-1715000000099/metadata.xml");
        assertEquals("text/plain; charset=utf-8", header(unknown, "Content-Type"));
        assertEquals("recording not found\n", new String(unknown.body(), StandardCharsets.UTF_8));

        assertTrue(catalog().setState(ID, "unpublished"));
        try {
            assertEquals(404, get("/presentation/" + ID + "/metadata.xml").statusCode(), "unpublished");
            assertTrue(catalog().setState(ID, "deleted"));
            assertEquals(404, get("/presentation/" + ID + "/metadata.xml").statusCode(), "deleted");
        } finally {
            catalog().setState(ID, "published");
        }
        assertEquals(200, get("/presentation/" + ID + "/metadata.xml").statusCode(), "published again");
        assertEquals(405, HTTP.send(HttpRequest.newBuilder(URI.create(caravan.baseUrl() + "/presentation/" + ID
                + "/metadata.xml")).DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void thePresentationPlayerIsServedFromItsDirectory() throws Exception {
        HttpResponse<byte[]> page = get("/playback/presentation/2.3/" + ID + "?t=1m30s");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", header(page, "Content-Type"));
        assertEquals(PLAYER_PAGE, new String(page.body(), StandardCharsets.UTF_8));
        assertEquals("no-cache", header(page, "Cache-Control"), "a new player version must reach browsers");
        HttpResponse<byte[]> script = get("/playback/presentation/2.3/static/js/main.1f2e3d.js");
        assertEquals(200, script.statusCode());
        assertEquals("text/javascript; charset=utf-8", header(script, "Content-Type"));
        assertEquals("public, max-age=86400", header(script, "Cache-Control"));
        assertEquals(404, get("/playback/presentation/2.3/static/js/missing.js").statusCode(),
                "not a file of the player, not a recording");
        assertEquals(404, get("/playback/presentation/2.3/").statusCode());
    }

    @Test
    void aProtectedRecordingPlaysOnlyThroughItsOneTimeLinkAndTheCookieItLeaves() throws Exception {
        HttpResponse<byte[]> without = get("/playback/presentation/2.3/" + PROTECTED);
        assertEquals(403, without.statusCode());
        assertEquals("text/plain; charset=utf-8", header(without, "Content-Type"));
        assertEquals(403, get("/presentation/" + PROTECTED + "/metadata.xml").statusCode());

        String link = presentationLink(PROTECTED);
        assertTrue(link.startsWith(caravan.baseUrl() + "/playback/presentation/2.3/" + PROTECTED + "?token="), link);

        HttpResponse<byte[]> redeemed = get(link + "&t=5s");
        assertEquals(302, redeemed.statusCode());
        assertEquals("/playback/presentation/2.3/" + PROTECTED + "?t=5s", header(redeemed, "Location"));
        assertEquals("no-store", header(redeemed, "Cache-Control"));
        List<String> setCookies = redeemed.headers().allValues("Set-Cookie");
        assertEquals(3, setCookies.size(), "the player's page, the presentation, the video: " + setCookies);
        for (String cookie : setCookies) {
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("; Path=/"),
                    cookie);
            assertFalse(cookie.contains("Secure"), "plain HTTP here: " + cookie);
        }
        String cookie = setCookies.stream().map(c -> c.substring(0, c.indexOf(';'))).distinct()
                .collect(Collectors.joining("; "));

        HttpResponse<byte[]> page = get("/playback/presentation/2.3/" + PROTECTED + "?t=5s", "Cookie", cookie);
        assertEquals(200, page.statusCode());
        assertEquals("private, no-store", header(page, "Cache-Control"));
        HttpResponse<byte[]> metadata = get("/presentation/" + PROTECTED + "/metadata.xml", "Cookie", cookie);
        assertEquals(200, metadata.statusCode());
        assertEquals("private, no-store", header(metadata, "Cache-Control"));
        HttpResponse<byte[]> range = get("/presentation/" + PROTECTED + "/video/webcams.webm", "Cookie", cookie,
                "Range", "bytes=10-19");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(webcams, 10, 20), range.body());
        assertEquals(200, get("/playback/video/" + PROTECTED + "/", "Cookie", cookie).statusCode(),
                "the link grants the recording, every format");
        assertEquals(403, get("/presentation/" + ALSO_PROTECTED + "/metadata.xml", "Cookie",
                cookie).statusCode(), "one recording's cookie opens no other");

        assertEquals(403, get(link).statusCode(), "the same link again, from someone without the cookie");
        assertEquals(302, get(link, "Cookie", cookie).statusCode(), "the browser that used it is sent on");
        assertEquals(403, get("/playback/presentation/2.3/" + PROTECTED + "?token=1.2.3").statusCode(), "forged");
        String otherLink = presentationLink(PROTECTED);
        assertEquals(403, get(otherLink.replace(PROTECTED, ALSO_PROTECTED)).statusCode(),
                "a token for another recording");
        assertEquals(302, get(otherLink).statusCode(), "which did not spend it");
        assertEquals(200, get("/presentation/" + ID + "/metadata.xml").statusCode(), "public ones need nothing");
    }

    /** The presentation's playback URL getRecordings lists: a new one-time link at every call. */
    private static String presentationLink(String recordId) {
        Xml listed = Xml.parse(caravan.client().get("getRecordings", "recordID=" + recordId).body());
        assertEquals("true", listed.text("protected"), "listed as protected");
        return listed.texts("url").stream().filter(url -> url.contains("/playback/presentation/2.3/")).findFirst()
                .orElseThrow(() -> new AssertionError("no presentation link: " + listed.texts("url")));
    }

    @Test
    void playbackIsCounted() throws Exception {
        PrometheusMeterRegistry meters = caravan.bean("metricsRegistry", PrometheusMeterRegistry.class);
        double partial = count(meters, "partial");
        double notFound = count(meters, "not_found");
        double bytes = meters.get("caravan.playback.bytes").counter().count();
        get("/presentation/" + ID + "/video/webcams.webm", "Range", "bytes=0-99");
        get("/presentation/" + ID + "/nothing-here");
        assertEquals(partial + 1, count(meters, "partial"));
        assertEquals(notFound + 1, count(meters, "not_found"));
        assertEquals(bytes + 100, meters.get("caravan.playback.bytes").counter().count());
        String scrape = meters.scrape();
        assertTrue(scrape.contains("caravan_playback_requests_total{outcome=\"range_not_satisfiable\"}"), scrape);
        assertTrue(scrape.contains("caravan_playback_bytes_total"), scrape);
    }

    private static double count(PrometheusMeterRegistry meters, String outcome) {
        return meters.get("caravan.playback.requests").tag("outcome", outcome).counter().count();
    }
}
