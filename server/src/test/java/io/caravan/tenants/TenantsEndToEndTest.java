package io.caravan.tenants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.caravan.bbb.Checksum;
import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.emulator.EmulatedNode;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.JoinError;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Tenants declared in the inventory, through a real Caravan in front of emulated nodes. */
@Tag("end-to-end")
class TenantsEndToEndTest {

    private static final String ACME = "acme.example.org";
    private static final String BETA = "beta.example.org";
    private static final String SMALL = "small.example.org";
    private static final String CROWD = "crowd.example.org";

    private static CaravanUnderTest caravan;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(2)
                .clustersYaml("""
                        tenants:
                          - name: acme
                            secrets: [acme-old, acme-new]
                            hostnames: [acme.example.org, bbb.acme.example]
                          - name: beta
                            secrets: beta-secret
                            hostnames: [Beta.Example.org]
                          - name: small
                            secrets: [small-secret]
                            hostnames: [small.example.org]
                            max-meetings: 1
                          - name: crowd
                            secrets: [crowd-secret]
                            hostnames: [crowd.example.org]
                            max-attendees: 3
                        """)
                .start();
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static HttpResponse<String> call(String host, String secret, String call, String query) {
        String url = new BbbClient(caravan.apiUrl(), secret).url(call, query);
        return new BbbClient(caravan.apiUrl(), secret).send(
                HttpRequest.newBuilder(URI.create(url)).header("X-Forwarded-Host", host).GET());
    }

    private static Xml xml(String host, String secret, String call, String query) {
        HttpResponse<String> answer = call(host, secret, call, query);
        assertEquals(200, answer.statusCode(), answer.body());
        return Xml.parse(answer.body());
    }

    private static Xml acme(String call, String query) {
        return xml(ACME, "acme-new", call, query);
    }

    private static Xml beta(String call, String query) {
        return xml(BETA, "beta-secret", call, query);
    }

    private static boolean onSomeNode(String nodeMeetingId) {
        return caravan.nodes().stream().anyMatch(n -> n.hasMeeting(nodeMeetingId));
    }

    private static EmulatedNode nodeOf(String nodeMeetingId) {
        return caravan.nodes().stream().filter(n -> n.hasMeeting(nodeMeetingId)).findFirst().orElseThrow();
    }

    @Test
    void twoTenantsUseTheSameMeetingIdForDistinctMeetings() {
        Xml a = acme("create", "name=Acme+room&meetingID=room");
        Xml b = beta("create", "name=Beta+room&meetingID=room");
        assertEquals("SUCCESS", a.returncode());
        assertEquals("SUCCESS", b.returncode());
        assertEquals("room", a.text("meetingID"), "the client sees its own meetingID");
        assertEquals("room", b.text("meetingID"));
        assertTrue(onSomeNode("acme~room"));
        assertTrue(onSomeNode("beta~room"));
        assertFalse(onSomeNode("room"), "nothing unnamespaced reaches the nodes");

        Xml infoA = acme("getMeetingInfo", "meetingID=room");
        Xml infoB = beta("getMeetingInfo", "meetingID=room");
        assertEquals("room", infoA.text("meetingID"));
        assertEquals("Acme room", infoA.text("meetingName"));
        assertEquals("Beta room", infoB.text("meetingName"));
        assertEquals("room", infoB.text("meetingID"));
    }

    @Test
    void getMeetingsShowsEachTenantOnlyItsOwnMeetings() {
        acme("create", "name=AA&meetingID=listed-a");
        beta("create", "name=BB&meetingID=listed-b");
        caravan.awaitPolls(2);
        List<String> acmeIds = acme("getMeetings", "").texts("meetingID");
        List<String> betaIds = beta("getMeetings", "").texts("meetingID");
        assertTrue(acmeIds.contains("listed-a"), acmeIds.toString());
        assertFalse(acmeIds.contains("listed-b"), acmeIds.toString());
        assertTrue(betaIds.contains("listed-b"), betaIds.toString());
        assertFalse(betaIds.contains("listed-a"), betaIds.toString());
        assertTrue(acmeIds.stream().noneMatch(id -> id.contains("~")), "no namespace shown: " + acmeIds);
    }

    @Test
    void aTenantCannotSeeJoinOrEndAnotherTenantsMeeting() {
        acme("create", "name=Private&meetingID=private-a");
        assertEquals("notFound", beta("getMeetingInfo", "meetingID=private-a").messageKey());
        // as bbb-web answers for a meeting that is not there
        assertEquals("invalidPassword", beta("end", "meetingID=private-a").messageKey());
        assertEquals("meetingForciblyEnded", JoinError.of(call(BETA, "beta-secret", "join",
                "meetingID=private-a&fullName=Eve&role=MODERATOR")).key());
        assertEquals("false", beta("isMeetingRunning", "meetingID=private-a").text("running"));
        // the answer names the meeting as the tenant does, never with the namespace the nodes see
        assertEquals("Meeting with id [private-a] not found.", beta("insertDocument", "meetingID=private-a")
                .text("message"));
        // a tenant cannot name another's namespace either
        assertEquals("notFound", beta("getMeetingInfo", "meetingID=acme~private-a").messageKey());
        assertTrue(onSomeNode("acme~private-a"), "acme's meeting is untouched");
        assertEquals("SUCCESS", acme("getMeetingInfo", "meetingID=private-a").returncode());
    }

    @Test
    void joinRedirectsToTheNamespacedMeetingOnItsNode() {
        acme("create", "name=JJ&meetingID=joined");
        HttpResponse<String> answer = call(ACME, "acme-old", "join", "meetingID=joined&fullName=Ann&role=VIEWER");
        assertEquals(302, answer.statusCode());
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(nodeOf("acme~joined").baseUrl()), location);
        assertTrue(location.contains("meetingID=acme%7Ejoined&fullName=Ann&role=VIEWER&checksum="), location);
    }

    @Test
    void aMeetingIdInAFormBodyIsNamespacedToo() {
        String url = caravan.apiUrl() + "/create?checksum="
                + Checksum.compute(ChecksumAlgorithm.SHA256, "create", "", "beta-secret");
        HttpResponse<String> answer = new BbbClient(caravan.apiUrl(), "beta-secret").send(
                HttpRequest.newBuilder(URI.create(url)).header("X-Forwarded-Host", BETA)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("meetingID=form-room&name=Form+Room")));
        assertEquals("SUCCESS", Xml.parse(answer.body()).returncode(), answer.body());
        assertEquals("form-room", Xml.parse(answer.body()).text("meetingID"));
        assertTrue(onSomeNode("beta~form-room"));
        assertFalse(onSomeNode("form-room"));
    }

    @Test
    void everySecretOfATenantIsAcceptedDuringARollover() {
        assertEquals("SUCCESS", xml(ACME, "acme-old", "getMeetings", "").returncode());
        assertEquals("SUCCESS", xml(ACME, "acme-new", "getMeetings", "").returncode());
        assertEquals("SUCCESS", xml("BBB.ACME.EXAMPLE:8443", "acme-new", "getMeetings", "").returncode(),
                "any of its hostnames, any case, with a port");
    }

    @Test
    void aTenantsSecretsOnlyWorkOnItsOwnHost() {
        assertEquals("checksumError", xml(ACME, "beta-secret", "getMeetings", "").messageKey());
        assertEquals("checksumError", xml(ACME, CaravanUnderTest.SECRET, "getMeetings", "").messageKey());
    }

    @Test
    void anUnknownHostIsAnsweredChecksumErrorEvenWithTheGlobalSecret() {
        assertEquals("checksumError", xml("other.example.org", CaravanUnderTest.SECRET, "getMeetings", "")
                .messageKey());
        assertEquals("checksumError", Xml.parse(caravan.client().get("getMeetings", "").body()).messageKey());
    }

    @Test
    void thePathNamesTheTenantForIntegrationsWithoutTheirOwnHost() {
        BbbClient byPath = new BbbClient(caravan.baseUrl() + "/t/beta/bigbluebutton/api", "beta-secret");
        Xml created = Xml.parse(byPath.get("create", "name=Path&meetingID=by-path").body());
        assertEquals("SUCCESS", created.returncode());
        assertEquals("by-path", created.text("meetingID"));
        assertTrue(onSomeNode("beta~by-path"));
        assertEquals("Path", beta("getMeetingInfo", "meetingID=by-path").text("meetingName"), "same tenant by host");
        assertEquals("SUCCESS", Xml.parse(byPath.getUrl(caravan.baseUrl() + "/t/beta/bigbluebutton/api").body())
                .returncode());

        BbbClient unknown = new BbbClient(caravan.baseUrl() + "/t/nobody/bigbluebutton/api", "beta-secret");
        assertEquals("checksumError", Xml.parse(unknown.get("getMeetings", "").body()).messageKey());
        BbbClient otherSecret = new BbbClient(caravan.baseUrl() + "/t/beta/bigbluebutton/api", "acme-new");
        assertEquals("checksumError", Xml.parse(otherSecret.get("getMeetings", "").body()).messageKey());
    }

    @Test
    void theHostHeaderSelectsTheTenant() throws IOException {
        String query = Checksum.sign(ChecksumAlgorithm.SHA256, "getMeetings", "", "beta-secret");
        try (Socket socket = new Socket("127.0.0.1", caravan.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /bigbluebutton/api/getMeetings?" + query + " HTTP/1.1\r\nHost: beta.example.org:"
                    + caravan.port() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.contains("<returncode>SUCCESS</returncode>"), answer);
        }
    }

    @Test
    void aTenantAtItsMeetingLimitCannotCreateAnotherButItsMeetingKeepsWorking() {
        Xml first = xml(SMALL, "small-secret", "create", "name=One&meetingID=one");
        assertEquals("SUCCESS", first.returncode());
        Xml second = xml(SMALL, "small-secret", "create", "name=Two&meetingID=two");
        assertEquals("FAILED", second.returncode());
        assertEquals("maxMeetingsReached", second.messageKey());
        assertFalse(onSomeNode("small~two"));
        assertEquals("SUCCESS", xml(SMALL, "small-secret", "create", "name=One&meetingID=one").returncode(),
                "create of its running meeting is not a new meeting");
        assertEquals("SUCCESS", xml(SMALL, "small-secret", "getMeetingInfo", "meetingID=one").returncode());
        assertEquals("SUCCESS", acme("create", "name=Other&meetingID=two").returncode(), "other tenants are free");

        xml(SMALL, "small-secret", "end", "meetingID=one");
        caravan.awaitPolls(2);
        assertEquals("SUCCESS", xml(SMALL, "small-secret", "create", "name=Two&meetingID=two").returncode(),
                "an ended meeting frees its place");
    }

    @Test
    void joinsAreRefusedWhileTheTenantHasItsMaximumOfAttendees() {
        assertEquals("SUCCESS", xml(CROWD, "crowd-secret", "create", "name=CC&meetingID=crowded").returncode());
        assertEquals(302, call(CROWD, "crowd-secret", "join", "meetingID=crowded&fullName=A&role=VIEWER")
                .statusCode());
        nodeOf("crowd~crowded").addAttendees("crowd~crowded", 3);
        caravan.awaitPolls(2);
        JoinError refused = JoinError.of(call(CROWD, "crowd-secret", "join", "meetingID=crowded&fullName=B&role=VIEWER"));
        assertEquals("maxAttendeesReached", refused.key());
        assertEquals("SUCCESS", xml(CROWD, "crowd-secret", "getMeetingInfo", "meetingID=crowded").returncode(),
                "the running meeting keeps working");
    }
}
