package io.caravan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

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

/** Every BBB API call through a real Caravan in front of three emulated nodes. */
@Tag("end-to-end")
class ApiEndToEndTest {

    private static CaravanUnderTest caravan;
    private static BbbClient client;

    @BeforeAll
    static void start() {
        caravan = CaravanUnderTest.builder().nodes(3)
                .property("caravan.secrets", "rolled-over-secret")
                .property("caravan.checksum.algorithms", "sha1,sha256,sha512")
                .start();
        client = caravan.client();
    }

    @AfterAll
    static void stop() {
        caravan.close();
    }

    private static EmulatedNode nodeOf(String meetingId) {
        List<EmulatedNode> hosts = caravan.nodes().stream().filter(n -> n.hasMeeting(meetingId)).toList();
        assertEquals(1, hosts.size(), "meeting " + meetingId + " must be on exactly one node, is on " + hosts);
        return hosts.get(0);
    }

    private static Xml create(String meetingId) {
        HttpResponse<String> answer = client.get("create", "name=Room+" + meetingId + "&meetingID=" + meetingId);
        assertEquals(200, answer.statusCode());
        return Xml.parse(answer.body());
    }

    @Test
    void createOfSixKilobytesIsPlacedAndReachesItsNodeWhole() {
        StringBuilder query = new StringBuilder("name=Long+create&meetingID=long-create");
        for (int i = 0; query.length() < 6 * 1024; i++) {
            query.append("&meta_field").append(i).append('=').append("x".repeat(40));
        }
        HttpResponse<String> answer = client.get("create", query.toString());
        assertTrue(client.url("create", query.toString()).length() > 6 * 1024);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("SUCCESS", Xml.parse(answer.body()).returncode());
        EmulatedNode node = nodeOf("long-create");
        String received = node.calls("create").get(node.calls("create").size() - 1).rawQuery();
        assertTrue(received.startsWith(query.toString()), "the node got the client's query byte for byte");
    }

    @Test
    void versionAnswersWithoutChecksum() {
        HttpResponse<String> answer = client.getUrl(caravan.apiUrl());
        Xml xml = Xml.parse(answer.body());
        assertEquals("SUCCESS", xml.returncode());
        assertEquals("2.0", xml.text("version"));
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"));
    }

    @Test
    void createOfNewMeetingGoesToOneNodeAndAnswersAsBbb() {
        Xml xml = create("new-meeting-1");
        assertEquals("SUCCESS", xml.returncode());
        assertEquals("new-meeting-1", xml.text("meetingID"));
        assertNotNull(xml.text("internalMeetingID"));
        nodeOf("new-meeting-1");
    }

    @Test
    void createOfExistingMeetingGoesToItsNodeWhichAnswersDuplicateWarning() {
        create("dup-1");
        EmulatedNode host = nodeOf("dup-1");
        Xml again = create("dup-1");
        assertEquals("SUCCESS", again.returncode());
        assertEquals("duplicateWarning", again.messageKey());
        assertEquals(host, nodeOf("dup-1"));
    }

    @Test
    void fiftyConcurrentCreatesOfOneMeetingLandOnOneNode() {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(client.getAsync("create", "name=Burst&meetingID=burst-one"));
        }
        List<String> codes = answers.stream().map(CompletableFuture::join)
                .map(r -> Xml.parse(r.body()).returncode()).toList();
        assertTrue(codes.stream().allMatch("SUCCESS"::equals), codes.toString());
        nodeOf("burst-one");
        long creates = caravan.nodes().stream().mapToLong(n -> n.calls("create").stream()
                .filter(c -> c.rawQuery().contains("meetingID=burst-one")).count()).sum();
        assertEquals(50, creates, "every create reaches the meeting's node");
    }

    @Test
    void aBurstOfNewMeetingsSpreadsOverTheNodes() {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(client.getAsync("create", "name=Spread&meetingID=spread-" + i));
        }
        answers.forEach(CompletableFuture::join);
        Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < 30; i++) {
            used.add(nodeOf("spread-" + i).name());
        }
        assertEquals(3, used.size(), "30 creates within one poll interval must use all three nodes");
    }

    @Test
    void createWithXmlBodyReachesTheNodeUnchanged() throws Exception {
        String body = new String(getClass().getResourceAsStream(
                "/bbb-api-fixtures/requests/create_body_presentation_url.xml").readAllBytes());
        HttpResponse<String> answer = client.post("create", "name=Slides&meetingID=with-slides",
                "application/xml", body);
        assertEquals("SUCCESS", Xml.parse(answer.body()).returncode());
        EmulatedNode host = nodeOf("with-slides");
        EmulatedNode.ReceivedCall call = host.calls("create").stream()
                .filter(c -> c.rawQuery().contains("with-slides")).findFirst().orElseThrow();
        assertEquals("POST", call.method());
        assertEquals(body, call.bodyText());
        assertTrue(call.contentType().startsWith("application/xml"));
    }

    @Test
    void createAsFormPostTakesParametersFromTheBody() {
        // the checksum of a form POST covers the (empty) query string only
        String url = caravan.apiUrl() + "/create?checksum="
                + Checksum.compute(ChecksumAlgorithm.SHA256, "create", "", CaravanUnderTest.SECRET);
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("meetingID=form-meeting&name=Form+Room")));
        assertEquals("SUCCESS", Xml.parse(answer.body()).returncode(), answer.body());
        nodeOf("form-meeting");
    }

    @Test
    void joinRedirectsToTheNodeReSignedWithEveryParameterKept() {
        create("join-1");
        EmulatedNode host = nodeOf("join-1");
        String query = "meetingID=join-1&fullName=Ada+L%C3%B6we&role=MODERATOR&userdata-bbb_x=1";
        HttpResponse<String> answer = client.get("join", query);
        assertEquals(302, answer.statusCode());
        String location = answer.headers().firstValue("Location").orElseThrow();
        String prefix = host.baseUrl() + "/join?";
        assertTrue(location.startsWith(prefix), location);
        String signed = location.substring(prefix.length());
        assertEquals(query, Checksum.stripFrom(signed), "parameters byte for byte");
        assertEquals(Checksum.compute(ChecksumAlgorithm.SHA256, "join", query, host.secret()),
                Checksum.extractFrom(signed));
        // the node accepts it: following the redirect, the node sends the browser on to its client, no errors
        HttpResponse<String> atNode = client.getUrl(location);
        assertEquals(302, atNode.statusCode(), atNode.body());
        assertFalse(atNode.headers().firstValue("Location").orElseThrow().contains("errors="));
    }

    // ApiController#join: with redirect=false bbb-web answers the session as XML; Caravan forwards that join to the
    // meeting's node and returns its answer
    @Test
    void joinWithRedirectFalseAnswersTheNodesSessionDocument() {
        create("join-2");
        EmulatedNode host = nodeOf("join-2");
        int joinsBefore = host.calls("join").size();
        HttpResponse<String> answer = client.get("join", "meetingID=join-2&fullName=Ada&role=VIEWER&redirect=false");
        assertEquals(200, answer.statusCode(), answer.body());
        Xml xml = Xml.parse(answer.body());
        assertEquals("SUCCESS", xml.returncode());
        assertEquals("successfullyJoined", xml.messageKey());
        assertFalse(xml.text("session_token").isEmpty());
        assertTrue(xml.text("url").startsWith("http://127.0.0.1:" + host.port() + "/"), xml.text("url"));
        assertEquals(joinsBefore + 1, host.calls("join").size(), "the node itself answered");
    }

    // JoinMeeting: for a meeting nobody has, MeetingExists, MeetingEnded and the password check all fail, and
    // bbb-web's HashMap of failures answers meetingForciblyEnded first
    @Test
    void joinOfUnknownMeetingRedirectsAsBbbWeb() {
        HttpResponse<String> answer = client.get("join", "meetingID=no-such&fullName=X&role=VIEWER");
        assertEquals("meetingForciblyEnded", JoinError.of(answer).key());
    }

    @Test
    void meetingCallsAreForwardedToTheMeetingsNode() {
        create("fwd-1");
        EmulatedNode host = nodeOf("fwd-1");
        host.addAttendees("fwd-1", 2);

        Xml info = Xml.parse(client.get("getMeetingInfo", "meetingID=fwd-1").body());
        assertEquals("SUCCESS", info.returncode());
        assertEquals("2", info.text("participantCount"));

        Xml running = Xml.parse(client.get("isMeetingRunning", "meetingID=fwd-1").body());
        assertEquals("true", running.text("running"));

        Xml chat = Xml.parse(client.get("sendChatMessage", "meetingID=fwd-1&message=hello").body());
        assertEquals("SUCCESS", chat.returncode());

        String doc = "<modules><module name=\"presentation\"><document url=\"https://x.test/a.pdf\"/></module></modules>";
        Xml insert = Xml.parse(client.post("insertDocument", "meetingID=fwd-1", "application/xml", doc).body());
        assertEquals("SUCCESS", insert.returncode());
        assertEquals(doc, host.calls("insertDocument").get(0).bodyText());

        Xml end = Xml.parse(client.get("end", "meetingID=fwd-1").body());
        assertEquals("sentEndMeetingRequest", end.messageKey());
        assertFalse(host.hasMeeting("fwd-1"));
    }

    // each call's own answer for a meeting nobody has (bbb-web: MeetingExistsConstraint, AC#insertDocument,
    // AC#sendChatMessage, MeetingRunning); more cases in BbbWebRulesTest
    @Test
    void unknownMeetingAnswersAsBbb() {
        assertEquals("notFound", Xml.parse(client.get("getMeetingInfo", "meetingID=ghost").body()).messageKey());
        // EndMeeting: ModeratorPasswordValidator fails for a meeting nobody has, and wins bbb-web's HashMap
        assertEquals("invalidPassword", Xml.parse(client.get("end", "meetingID=ghost").body()).messageKey());
        assertEquals("meetingNotFound", Xml.parse(client.get("sendChatMessage", "meetingID=ghost&message=x").body())
                .messageKey());
        Xml document = Xml.parse(client.post("insertDocument", "meetingID=ghost", "application/xml", "<modules/>")
                .body());
        assertEquals("FAILED", document.returncode());
        assertEquals("Meeting with id [ghost] not found.", document.text("message"));
        Xml running = Xml.parse(client.get("isMeetingRunning", "meetingID=ghost").body());
        assertEquals("SUCCESS", running.returncode());
        assertEquals("false", running.text("running"));
    }

    // a request without meetingID: bbb-web's answer per call (AC#create "Invalid meeting ID"; MeetingExists for
    // getMeetingInfo and end); where bbb-web fails with a 500, the answer for an unknown meeting
    @Test
    void missingMeetingIdAnswersAsBbb() {
        Xml create = Xml.parse(client.get("create", "name=Room").body());
        assertEquals("validationError", create.messageKey());
        assertEquals("Invalid meeting ID", create.text("message"));
        assertEquals("notFound", Xml.parse(client.get("getMeetingInfo", "name=xx").body()).messageKey());
        assertEquals("notFound", Xml.parse(client.get("end", "name=xx").body()).messageKey());
        assertEquals("false", Xml.parse(client.get("isMeetingRunning", "name=xx").body()).text("running"));
        assertEquals("meetingNotFound", Xml.parse(client.get("sendChatMessage", "message=hi").body()).messageKey());
        assertEquals("meetingForciblyEnded", JoinError.of(client.get("join", "fullName=Ann")).key());
    }

    @Test
    void getMeetingsMergesAllNodesFromThePollCache() {
        for (int i = 0; i < 6; i++) {
            create("list-" + i);
        }
        caravan.awaitPolls(2);
        caravan.nodes().forEach(EmulatedNode::clearCalls);
        Xml xml = Xml.parse(client.get("getMeetings", "").body());
        assertEquals("SUCCESS", xml.returncode());
        List<String> ids = xml.texts("meetingID");
        for (int i = 0; i < 6; i++) {
            assertTrue(ids.contains("list-" + i), ids.toString());
        }
        assertEquals(ids.size(), Set.copyOf(ids).size(), "no meeting listed twice");
        assertTrue(caravan.nodes().stream().allMatch(n -> n.calls("getMeetings").size() <= 2),
                "getMeetings is answered from the poll cache, not by a request per node");
    }

    @Test
    void queryParameterCannotReplaceTheCallName() {
        // signed as getMeetings; a "call" parameter must not turn it into another call
        Xml xml = Xml.parse(client.get("getMeetings", "call=create&meetingID=spoof").body());
        assertEquals("SUCCESS", xml.returncode());
        assertTrue(caravan.nodes().stream().noneMatch(n -> n.hasMeeting("spoof")));
    }

    @Test
    void unknownCallIsUnsupported() {
        assertEquals("unsupportedRequest", Xml.parse(client.get("launchRocket", "x=1").body()).messageKey());
    }

    @Test
    void badChecksumsAreRefused() {
        assertEquals("checksumError", Xml.parse(client.getUrl(caravan.apiUrl()
                + "/getMeetings?checksum=0000000000000000000000000000000000000000").body()).messageKey());
        assertEquals("checksumError", Xml.parse(client.getUrl(caravan.apiUrl() + "/getMeetings").body())
                .messageKey());
        BbbClient wrongSecret = new BbbClient(caravan.apiUrl(), "wrong");
        assertEquals("checksumError", Xml.parse(wrongSecret.get("getMeetings", "").body()).messageKey());
        // sha384 is not in this instance's allow-list
        assertEquals("checksumError", Xml.parse(client.getUrl(
                client.url("getMeetings", "", ChecksumAlgorithm.SHA384)).body()).messageKey());
    }

    @Test
    void checksumsOfEveryAllowedAlgorithmAndTheRolloverSecretAreAccepted() {
        for (ChecksumAlgorithm algorithm : List.of(ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256,
                ChecksumAlgorithm.SHA512)) {
            assertEquals("SUCCESS", Xml.parse(client.getUrl(client.url("getMeetings", "", algorithm)).body())
                    .returncode(), algorithm.name());
        }
        String upper = client.url("getMeetings", "").replaceAll("checksum=(.*)$", "")
                + "checksum=" + Checksum.compute(ChecksumAlgorithm.SHA256, "getMeetings", "",
                CaravanUnderTest.SECRET).toUpperCase();
        assertEquals("SUCCESS", Xml.parse(client.getUrl(upper).body()).returncode());
        BbbClient rolled = new BbbClient(caravan.apiUrl(), "rolled-over-secret");
        assertEquals("SUCCESS", Xml.parse(rolled.get("getMeetings", "").body()).returncode());
    }

    @Test
    void noInternalHeaderOrParameterLeaksIntoResponses() {
        create("leak-1");
        for (HttpResponse<String> answer : List.of(
                client.get("getMeetingInfo", "meetingID=leak-1&x-secret-ish=1"),
                client.get("create", "name=LL&meetingID=leak-1"),
                client.get("join", "meetingID=leak-1&fullName=A&role=VIEWER"),
                client.get("getMeetingInfo", "meetingID=nope"),
                client.get("getMeetings", ""))) {
            Set<String> names = answer.headers().map().keySet().stream().map(String::toLowerCase)
                    .collect(Collectors.toSet());
            names.removeAll(Set.of("content-type", "content-length", "transfer-encoding", "location",
                    "cache-control", ":status"));
            assertEquals(Set.of(), names, "unexpected response headers for " + answer.uri());
        }
    }

    @Test
    void meetingUnknownToCaravanIsFoundByAskingTheNodes() {
        // created on a node behind Caravan's back, as after a restart before the next poll
        EmulatedNode node = caravan.node(1);
        String query = "name=Direct&meetingID=direct-1";
        new BbbClient(node.baseUrl(), node.secret()).get("create", query);
        Xml info = Xml.parse(client.get("getMeetingInfo", "meetingID=direct-1").body());
        assertEquals("SUCCESS", info.returncode());
        assertEquals("direct-1", info.text("meetingID"));
        HttpResponse<String> join = client.get("join", "meetingID=direct-1&fullName=A&role=VIEWER");
        assertEquals(302, join.statusCode());
        assertTrue(join.headers().firstValue("Location").orElseThrow().startsWith(node.baseUrl()));
    }
}
