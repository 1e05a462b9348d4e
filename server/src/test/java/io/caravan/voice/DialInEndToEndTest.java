package io.caravan.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.caravan.emulator.EmulatedNode;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Dial-in numbers over two emulated nodes: every new meeting's voiceBridge is Caravan's, unique over both nodes, and
 * FreeSWITCH's dialplan lookups (form POSTs to /fsapi, as mod_xml_curl sends them) bridge callers to the right node.
 */
@Tag("end-to-end")
class DialInEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static CaravanUnderTest caravan;

    @BeforeAll
    static void start() {
        // 900 numbers, so that draws collide; bbb2 has a SIP address of its own, bbb1's is its URL's host
        caravan = CaravanUnderTest.builder().nodes(2)
                .property("caravan.voice-bridge.length", "3")
                .property("caravan.voice-bridge.dial-number", "+49 30 1234567")
                .property("caravan.dial-in.password", "fs-secret")
                .property("caravan.dial-in.sip-addresses", "bbb2=sip.bbb2.test:5080")
                .start();
    }

    @AfterAll
    static void stop() {
        if (caravan != null) {
            caravan.close();
        }
    }

    private static Xml create(String query) {
        return Xml.parse(caravan.client().get("create", "name=Room&" + query).body());
    }

    private static String nodeOf(String meetingId) {
        return caravan.nodes().stream().filter(n -> n.hasMeeting(meetingId)).map(EmulatedNode::name).findFirst()
                .orElseThrow(() -> new AssertionError(meetingId + " is on no node"));
    }

    @Test
    void meetingsOnTwoNodesNeverShareAVoiceBridge() {
        Set<String> numbers = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            Xml created = create("meetingID=unique-" + i);
            assertEquals("SUCCESS", created.returncode());
            String number = created.text("voiceBridge");
            assertTrue(number.matches("[1-9][0-9]{2}"), number);
            assertTrue(numbers.add(number), "voiceBridge " + number + " given twice");
            nodes.add(nodeOf("unique-" + i));
            assertEquals("+49 30 1234567", created.text("dialNumber"), "the configured dialNumber");
        }
        assertEquals(Set.of("bbb1", "bbb2"), nodes, "the meetings are spread over both nodes");
    }

    @Test
    void aClientsOwnVoiceBridgeIsKeptWhenFreeRefusedWhenTakenAndFreedByTheEnd() {
        Xml first = create("meetingID=own-a&voiceBridge=70123&dialNumber=555&moderatorPW=mp&attendeePW=ap");
        assertEquals("SUCCESS", first.returncode());
        assertEquals("70123", first.text("voiceBridge"));
        assertEquals("555", first.text("dialNumber"), "a client's own dialNumber is kept");

        Xml again = create("meetingID=own-a&moderatorPW=mp&attendeePW=ap");
        assertEquals("duplicateWarning", again.messageKey());
        assertEquals("70123", again.text("voiceBridge"), "a create of a running meeting keeps its number");

        Xml taken = create("meetingID=own-b&voiceBridge=70123");
        assertEquals("FAILED", taken.returncode());
        assertEquals("nonUniqueVoiceBridge", taken.messageKey());
        assertTrue(caravan.nodes().stream().noneMatch(n -> n.hasMeeting("own-b")), "refused before any node");

        assertEquals("SUCCESS", Xml.parse(caravan.client().get("end", "meetingID=own-a&password=mp").body())
                .returncode());
        Xml freed = create("meetingID=own-b&voiceBridge=70123");
        assertEquals("SUCCESS", freed.returncode(), "an ended meeting's number is free again");
        assertEquals("70123", freed.text("voiceBridge"));
    }

    @Test
    void theDialplanOfAPinBridgesToTheNodeOfItsMeeting() {
        Map<String, String> bridged = new LinkedHashMap<>();
        for (int i = 0; bridged.size() < 2 && i < 40; i++) {
            Xml created = create("meetingID=dial-" + i);
            bridged.putIfAbsent(nodeOf("dial-" + i), created.text("voiceBridge"));
        }
        assertEquals(Set.of("bbb1", "bbb2"), bridged.keySet());

        String pin1 = bridged.get("bbb1");
        Element bridge = action(lookup("fsapi", "fs-secret", pin1, pin1).body(), "bridge");
        assertEquals("sofia/external/" + pin1 + "@127.0.0.1", bridge.getAttribute("data"));
        String pin2 = bridged.get("bbb2");
        assertEquals("sofia/external/" + pin2 + "@sip.bbb2.test:5080",
                action(lookup("fsapi", "fs-secret", pin2, pin2).body(), "bridge").getAttribute("data"));
    }

    @Test
    void aCallIsAskedForItsPinAndAskedAgainForAnUnknownOne() {
        HttpResponse<String> first = lookup("fsapi", "fs-secret", "+4930999", null);
        assertEquals(200, first.statusCode());
        assertTrue(first.headers().firstValue("Content-Type").orElseThrow().startsWith("text/xml"));
        Element condition = element(first.body(), "condition");
        assertEquals("^[+]4930999$", condition.getAttribute("expression"));
        assertTrue(action(first.body(), "play_and_get_digits").getAttribute("data").startsWith("3 3 3 7000 # "));
        assertEquals("${pin} XML public", action(first.body(), "transfer").getAttribute("data"));

        String unknown = lookup("fsapi", "fs-secret", "999", "999").body();
        assertEquals("conference/conf-bad-pin.wav", action(unknown, "playback").getAttribute("data"));
        assertTrue(unknown.contains("play_and_get_digits"));
        assertFalse(unknown.contains("\"bridge\""));
    }

    @Test
    void lookupsWithoutTheCredentialsAreRefused() {
        HttpResponse<String> wrong = lookup("fsapi", "not-it", "+4930999", null);
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic "));
        assertEquals(401, lookup(null, null, "+4930999", null).statusCode());
    }

    @Test
    void whatIsNoDialplanLookupIsNotFound() {
        String directory = post(Map.of("section", "directory", "Caller-Destination-Number", "123"), "fsapi",
                "fs-secret").body();
        assertEquals("not found", element(directory, "result").getAttribute("status"));
        String odd = lookup("fsapi", "fs-secret", "${system rm -rf}", null).body();
        assertEquals("not found", element(odd, "result").getAttribute("status"));
        HttpResponse<String> empty = post(Map.of(), "fsapi", "fs-secret");
        assertEquals(200, empty.statusCode());
        assertEquals("not found", element(empty.body(), "result").getAttribute("status"));
    }

    /** A lookup as mod_xml_curl sends it: the channel's fields, the PIN once the prompt has set it. */
    private static HttpResponse<String> lookup(String user, String password, String destination, String pin) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("hostname", "gateway");
        form.put("section", "dialplan");
        form.put("tag_name", "");
        form.put("key_name", "");
        form.put("key_value", "");
        form.put("Event-Name", "REQUEST_PARAMS");
        form.put("Core-UUID", "6f1c3f8e-0000-4000-8000-000000000000");
        form.put("Caller-Context", "public");
        form.put("Caller-Destination-Number", destination);
        form.put("Caller-Caller-ID-Number", "+4917012345");
        form.put("variable_destination_number", destination);
        if (pin != null) {
            form.put("variable_pin", pin);
        }
        return post(form, user, password);
    }

    private static HttpResponse<String> post(Map<String, String> form, String user, String password) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(caravan.baseUrl() + "/fsapi"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element element(String xml, String name) {
        NodeList found = Xml.parse(xml).root().getElementsByTagName(name);
        assertEquals(1, found.getLength(), name + " in " + xml);
        return (Element) found.item(0);
    }

    private static Element action(String xml, String application) {
        NodeList actions = Xml.parse(xml).root().getElementsByTagName("action");
        for (int i = 0; i < actions.getLength(); i++) {
            Element action = (Element) actions.item(i);
            if (application.equals(action.getAttribute("application"))) {
                return action;
            }
        }
        throw new AssertionError("no " + application + " action in " + xml);
    }
}
