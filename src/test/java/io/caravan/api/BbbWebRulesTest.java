package io.caravan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.caravan.bbb.Checksum;
import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.JoinError;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bbb-web's own rules, each from its source (bigbluebutton/bigbluebutton, bbb-common-web and bigbluebutton-web), as
 * Caravan must apply them to every call it answers itself, through a real Caravan in front of emulated nodes.
 */
class BbbWebRulesTest {

    private static final String DEFAULT_ERROR_URL = "https://lms.example.org/bbb-error";

    private static CaravanUnderTest caravan;
    private static BbbClient client;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(2).property("caravan.join.error-url", DEFAULT_ERROR_URL).start();
        client = caravan.client();
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static HttpResponse<String> raw(String call, String rawQuery) {
        return client.getUrl(caravan.apiUrl() + "/" + call + "?" + rawQuery);
    }

    // ApiController.groovy: every answer carries response.addHeader("Cache-Control", "no-cache")
    @Test
    void answersAreNotCacheable() {
        assertEquals("no-cache", client.get("getMeetings", "").headers().firstValue("Cache-Control").orElse(null));
        assertEquals("no-cache", client.get("create", "meetingID=cache-1&name=C").headers()
                .firstValue("Cache-Control").orElse(null));
        assertEquals("no-cache", raw("getMeetings", "checksum=0000").headers().firstValue("Cache-Control")
                .orElse(null), "errors too");
    }

    // ApiController.groovy #join: a failed join is invalid(key, message, REDIRECT_RESPONSE): a 302 to
    // errorRedirectUrl, else logoutURL, else the default, with errors=[{"message":...,"key":...}]
    @Test
    void aFailedJoinRedirectsToErrorRedirectUrlFirst() {
        JoinError error = JoinError.of(client.get("join", "meetingID=no-such-room&fullName=A&role=VIEWER"
                + "&logoutURL=" + enc("https://app.example.org/bye") // errorRedirectUrl wins over it
                + "&errorRedirectUrl=" + enc("https://app.example.org/oops?room=1")));
        assertEquals("app.example.org", error.location().getHost());
        assertEquals("/oops", error.location().getPath());
        assertTrue(error.location().getRawQuery().startsWith("room=1&errors="), error.location().toString());
        assertEquals("notFound", error.key());
        assertEquals("A meeting with that ID does not exist", error.message());
    }

    @Test
    void aFailedJoinRedirectsToLogoutUrlWithoutErrorRedirectUrl() {
        JoinError error = JoinError.of(client.get("join", "meetingID=no-such-room&fullName=A&role=VIEWER"
                + "&logoutURL=" + enc("https://app.example.org/bye")));
        assertEquals("https://app.example.org/bye", error.location().toString().split("\\?")[0]);
    }

    @Test
    void aFailedJoinRedirectsToTheConfiguredDefaultAlsoWithRedirectFalse() {
        JoinError error = JoinError.of(client.get("join", "meetingID=no-such-room&fullName=A&role=VIEWER"
                + "&redirect=false"));
        assertEquals(DEFAULT_ERROR_URL, error.location().toString().split("\\?")[0]);
        assertEquals("notFound", error.key());
    }

    @Test
    void aJoinWithABadChecksumRedirectsWithChecksumError() {
        JoinError error = JoinError.of(raw("join", "meetingID=x&fullName=A&checksum=" + "0".repeat(40)));
        assertEquals("checksumError", error.key());
    }

    // GetChecksum.java: only "checksum=<first value>" is removed from the hashed query; a second checksum parameter
    // with another value stays in, so the hash cannot match
    @Test
    void aSecondChecksumParameterIsHashedLikeAnyOtherParameter() {
        String query = "meetingID=dup-checksum&name=D";
        String good = Checksum.compute(ChecksumAlgorithm.SHA256, "create", query, CaravanUnderTest.SECRET);
        assertEquals("checksumError", Xml.parse(raw("create", query + "&checksum=" + good + "&checksum=abc").body())
                .messageKey());
        assertEquals("SUCCESS", Xml.parse(raw("create", query + "&checksum=" + good + "&checksum=" + good).body())
                .returncode(), "the same value twice is removed twice");
    }

    // ValidationService.java: with an empty query, the checksum comes from the form and the hashed string is the
    // parameters sorted by name, form-encoded
    @Test
    void aPostWithItsChecksumOnlyInTheFormBodyIsAccepted() {
        String canonical = "meetingID=form-only&name=Form+Only";
        String checksum = Checksum.compute(ChecksumAlgorithm.SHA1, "create", canonical, CaravanUnderTest.SECRET);
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(caravan.apiUrl() + "/create"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=Form+Only&meetingID=form-only&checksum=" + checksum)));
        assertEquals("SUCCESS", Xml.parse(answer.body()).returncode(), answer.body());
        assertTrue(caravan.nodes().stream().anyMatch(n -> n.hasMeeting("form-only")));
    }

    // unknown paths under the API answer BBB XML, not the container's HTML 404 (issue #11)
    @Test
    void pathsDeeperUnderTheApiAnswerBbbXml() {
        for (String path : java.util.List.of("/hooks/create", "/hooks/list?checksum=00", "/hooks/destroy/7",
                "/create/extra")) {
            HttpResponse<String> answer = client.getUrl(caravan.apiUrl() + path);
            assertEquals(200, answer.statusCode(), path);
            assertEquals("unsupportedRequest", Xml.parse(answer.body()).messageKey(), path);
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"), path);
        }
        HttpResponse<String> tenant = client.getUrl(caravan.baseUrl() + "/t/acme/bigbluebutton/api/hooks/list");
        assertEquals("unsupportedRequest", Xml.parse(tenant.body()).messageKey());
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
