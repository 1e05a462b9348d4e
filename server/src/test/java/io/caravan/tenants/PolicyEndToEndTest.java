package io.caravan.tenants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.caravan.emulator.EmulatedNode;
import io.caravan.emulator.EmulatedNode.ReceivedCall;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Placement by tenant clusters and meta_server-tag, parameter rules, slide and logo, through a real Caravan in front
 * of emulated nodes: bbb1 untagged, bbb2 tagged gpu (both in the default cluster), bbb3 untagged in cluster eu.
 */
@Tag("end-to-end")
class PolicyEndToEndTest {

    private static final String ACME = "acme.example.org";
    private static final String PLAIN = "plain.example.org";
    private static final String LOST = "lost.example.org";
    private static final String SLIDE = "https://cdn.acme.example/welcome.pdf";
    private static final String LOGO = "https://cdn.acme.example/logo.png";

    private static CaravanUnderTest caravan;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(3)
                .nodeYaml(1, "tags: [gpu]")
                .nodeYaml(2, "cluster: eu")
                .clustersYaml("""
                        clusters:
                          - name: eu
                          - name: empty
                        parameters:
                          create:
                            default: {maxParticipants: "50"}
                        tenants:
                          - name: acme
                            secrets: [acme-secret]
                            hostnames: [acme.example.org]
                            clusters: [eu]
                            slide: %s
                            logo: %s
                            parameters:
                              create:
                                default: {record: "false"}
                                override: {welcome: "Hello from acme"}
                                block: [meta_x]
                              join:
                                override: {userdata-bbb_auto_join_audio: "true"}
                          - name: plain
                            secrets: [plain-secret]
                            hostnames: [plain.example.org]
                          - name: lost
                            secrets: [lost-secret]
                            hostnames: [lost.example.org]
                            clusters: [empty]
                        """.formatted(SLIDE, LOGO))
                .start();
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static HttpResponse<String> call(String host, String secret, String call, String query) {
        BbbClient client = new BbbClient(caravan.apiUrl(), secret);
        return client.send(HttpRequest.newBuilder(URI.create(client.url(call, query)))
                .header("X-Forwarded-Host", host).GET());
    }

    private static Xml xml(String host, String secret, String call, String query) {
        HttpResponse<String> answer = call(host, secret, call, query);
        assertEquals(200, answer.statusCode(), answer.body());
        return Xml.parse(answer.body());
    }

    private static Xml acme(String query) {
        return xml(ACME, "acme-secret", "create", query);
    }

    private static Xml plain(String query) {
        return xml(PLAIN, "plain-secret", "create", query);
    }

    private static EmulatedNode nodeOf(String nodeMeetingId) {
        return caravan.nodes().stream().filter(n -> n.hasMeeting(nodeMeetingId)).findFirst()
                .orElseThrow(() -> new AssertionError(nodeMeetingId + " is on no node"));
    }

    /** The create the node received for a meeting, its checksum left out. */
    private static ReceivedCall createReceived(String nodeMeetingId) {
        String encoded = "meetingID=" + nodeMeetingId.replace("~", "%7E");
        return nodeOf(nodeMeetingId).calls("create").stream()
                .filter(c -> c.rawQuery() != null && c.rawQuery().contains(encoded + "&")
                        || c.rawQuery() != null && c.rawQuery().endsWith(encoded))
                .reduce((first, second) -> second).orElseThrow();
    }

    /**
     * The query without its checksum and without the voiceBridge Caravan gives every new meeting (unique across the
     * fleet, docs/dial-in.md), which must be there, five digits by default.
     */
    private static String unsigned(String rawQuery) {
        assertTrue(rawQuery.matches(".*(^|&)voiceBridge=[1-9][0-9]{4}(&.*|$)"), "a fleet-wide voiceBridge: " + rawQuery);
        return rawQuery.replaceAll("&?checksum=[0-9a-f]+", "").replaceAll("&voiceBridge=[0-9]+", "");
    }

    @Test
    void aRequiredTagPlacesOnlyOnNodesWithIt() {
        for (int i = 0; i < 3; i++) {
            assertEquals("SUCCESS", plain("name=GG&meetingID=gpu-" + i + "&meta_server-tag=vr;gpu!").returncode());
            assertEquals("bbb2", nodeOf("plain~gpu-" + i).name());
        }
    }

    @Test
    void aRequiredTagNoNodeHasFailsWithServerTagUnavailable() {
        Xml answer = plain("name=VV&meetingID=vr-required&meta_server-tag=vr!");
        assertEquals("FAILED", answer.returncode());
        assertEquals("serverTagUnavailable", answer.messageKey());
        assertTrue(answer.text("message").contains("vr"), answer.text("message"));
    }

    @Test
    void anOptionalTagNoNodeHasFallsBackToUntaggedNodes() {
        for (int i = 0; i < 4; i++) {
            assertEquals("SUCCESS", plain("name=VV&meetingID=vr-" + i + "&meta_server-tag=vr").returncode());
            assertFalse(nodeOf("plain~vr-" + i).name().equals("bbb2"), "the gpu node has a tag: not a fallback");
        }
    }

    @Test
    void aCreateWithoutTagGoesToUntaggedNodesOnly() {
        for (int i = 0; i < 6; i++) {
            assertEquals("SUCCESS", plain("name=UU&meetingID=untagged-" + i).returncode());
            assertFalse(nodeOf("plain~untagged-" + i).name().equals("bbb2"));
        }
    }

    @Test
    void aTenantsMeetingsArePlacedOnlyInItsClusters() {
        for (int i = 0; i < 4; i++) {
            assertEquals("SUCCESS", acme("name=CC&meetingID=cluster-" + i).returncode());
            assertEquals("bbb3", nodeOf("acme~cluster-" + i).name());
        }
        assertEquals("serverTagUnavailable", acme("name=CC&meetingID=cluster-gpu&meta_server-tag=gpu!").messageKey(),
                "the gpu node is outside acme's clusters");
    }

    @Test
    void aTenantWhoseClustersHaveNoNodeGetsNoAvailableServers() {
        Xml answer = xml(LOST, "lost-secret", "create", "name=LL&meetingID=nowhere");
        assertEquals("FAILED", answer.returncode());
        assertEquals("noAvailableServers", answer.messageKey());
    }

    @Test
    void createRulesDefaultOverrideAndBlockReachTheNode() {
        acme("name=RR&meetingID=rules&welcome=Client+text&meta_x=secret&meta_y=kept");
        String query = unsigned(createReceived("acme~rules").rawQuery());
        assertEquals("name=RR&meetingID=acme%7Erules&logo=" + QueryEncoded.of(LOGO)
                + "&maxParticipants=50&meta_y=kept&record=false&welcome=Hello+from+acme", sorted(query));
    }

    @Test
    void aDefaultDoesNotReplaceWhatTheClientSent() {
        acme("name=RR&meetingID=client-values&record=true&maxParticipants=7&logo=https%3A%2F%2Fmine.example%2Fl.png");
        String query = unsigned(createReceived("acme~client-values").rawQuery());
        assertTrue(query.contains("record=true"), query);
        assertTrue(query.contains("maxParticipants=7"), query);
        assertFalse(query.contains("record=false"), query);
        assertTrue(query.contains("logo=https%3A%2F%2Fmine.example%2Fl.png"), query);
        assertFalse(query.contains("cdn.acme.example%2Flogo"), query);
    }

    @Test
    void theTenantsSlideIsPostedWithACreateThatHasNoBody() {
        acme("name=SS&meetingID=slide");
        ReceivedCall received = createReceived("acme~slide");
        assertEquals("POST", received.method());
        assertTrue(received.contentType().startsWith("application/xml"), received.contentType());
        assertEquals("<modules><module name=\"presentation\"><document url=\"" + SLIDE + "\"/></module></modules>",
                new String(received.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aClientsOwnPresentationIsKept() {
        String own = "<modules><module name=\"presentation\"><document url=\"https://mine.example/a.pdf\"/>"
                + "</module></modules>";
        BbbClient client = new BbbClient(caravan.apiUrl(), "acme-secret");
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                        URI.create(client.url("create", "name=OO&meetingID=own-slide")))
                .header("X-Forwarded-Host", ACME).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(own)));
        assertEquals("SUCCESS", Xml.parse(answer.body()).returncode());
        assertEquals(own, new String(createReceived("acme~own-slide").body(), StandardCharsets.UTF_8));
    }

    @Test
    void joinRulesReachTheRedirect() {
        acme("name=JJ&meetingID=join-rules");
        HttpResponse<String> answer = call(ACME, "acme-secret", "join",
                "meetingID=join-rules&fullName=Ann&role=VIEWER&userdata-bbb_auto_join_audio=false");
        assertEquals(302, answer.statusCode());
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertTrue(location.contains("?meetingID=acme%7Ejoin-rules&fullName=Ann&role=VIEWER"
                + "&userdata-bbb_auto_join_audio=true&checksum="), location);
    }

    @Test
    void withoutTenantRulesOnlyTheGlobalRulesApply() {
        plain("name=PP&meetingID=plain-rules&record=true");
        assertEquals("name=PP&meetingID=plain%7Eplain-rules&record=true&maxParticipants=50",
                unsigned(createReceived("plain~plain-rules").rawQuery()));
        assertEquals("GET", createReceived("plain~plain-rules").method());
        HttpResponse<String> join = call(PLAIN, "plain-secret", "join", "meetingID=plain-rules&fullName=Bo&role=VIEWER");
        assertTrue(join.headers().firstValue("Location").orElseThrow()
                .contains("?meetingID=plain%7Eplain-rules&fullName=Bo&role=VIEWER&checksum="));
    }

    /** The query with the parameters after the prefix sorted, so the test does not depend on map order. */
    private static String sorted(String query) {
        String[] parts = query.split("&");
        String head = parts[0] + "&" + parts[1];
        java.util.List<String> rest = new java.util.ArrayList<>(java.util.List.of(parts).subList(2, parts.length));
        java.util.Collections.sort(rest);
        return head + "&" + String.join("&", rest);
    }

    private static final class QueryEncoded {
        static String of(String value) {
            return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
