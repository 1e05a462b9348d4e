package io.caravan.emulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;

import static io.caravan.emulator.EmulatorHttp.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bbb-web's checksum rules, one test each, over real HTTP. Paths are in bigbluebutton/bigbluebutton; the full table
 * with versions is docs/BBB-WEB-RULES.md §2.
 */
@Tag("end-to-end")
class EmulatedChecksumRulesTest extends EmulatedRulesTest {

    @BeforeAll
    static void start() {
        startNode("bbb-checksums", "checksum-rules-secret");
    }

    // bbb-common-web .../model/constraint/GetChecksumConstraint.java: key checksumError, "Checksums do not match"
    @Test
    void aWrongChecksumIsChecksumsDoNotMatch() throws Exception {
        String xml = http.getRaw("getMeetings", "checksum=" + "0".repeat(40)).body();

        assertEquals("checksumError", text(xml, "/response/messageKey"));
        assertEquals("Checksums do not match", text(xml, "/response/message"));
    }

    // bigbluebutton-web .../controllers/ValidationServiceChecksumSpec.groovy: more than one checksum parameter is
    // rejected before anything else, even when each copy is the right checksum
    @Test
    void aRepeatedChecksumIsRejectedEvenWhenItIsRight() throws Exception {
        String right = EmulatorHttp.hex("SHA-1", "getMeetings" + node.secret());

        String xml = http.getRaw("getMeetings", "checksum=" + right + "&checksum=" + right).body();

        assertEquals("checksumError", text(xml, "/response/messageKey"));
        assertEquals("SUCCESS", text(http.getRaw("getMeetings", "checksum=" + right).body(), "/response/returncode"));
    }

    // bbb-common-web .../model/validator/GetChecksumValidator.java: equalsIgnoreCase
    @Test
    void anUpperCaseChecksumIsAccepted() throws Exception {
        String query = http.signed("getMeetings", "");
        String upper = "checksum=" + query.substring("checksum=".length()).toUpperCase(Locale.ROOT);

        assertEquals("SUCCESS", text(http.getRaw("getMeetings", upper).body(), "/response/returncode"));
    }

    // GetChecksumValidator.java: 40 sha1, 64 sha256, 96 sha384, 128 sha512; any other length fails
    @Test
    void theChecksumLengthChoosesTheAlgorithm() throws Exception {
        Map<String, Integer> lengths = Map.of("SHA-1", 40, "SHA-256", 64, "SHA-384", 96, "SHA-512", 128);
        lengths.forEach((algorithm, length) -> {
            String query = http.signed(algorithm, "getMeetings", "");
            assertEquals(length + "checksum=".length(), query.length());
            try {
                assertEquals("SUCCESS", text(http.getRaw("getMeetings", query).body(), "/response/returncode"),
                        algorithm);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        String truncated = http.signed("getMeetings", "").substring(0, "checksum=".length() + 39);
        assertEquals("checksumError", text(http.getRaw("getMeetings", truncated).body(), "/response/messageKey"));
    }

    // bbb-common-web .../api/service/ValidationService.java performValidation: the checksum group is validated
    // alone first, so a create that is wrong in every other way still only hears about its checksum
    @Test
    void theChecksumIsCheckedBeforeEveryOtherRule() throws Exception {
        String xml = http.getRaw("create", "meetingID=a,b&checksum=" + "1".repeat(40)).body();

        assertEquals("checksumError", text(xml, "/response/messageKey"));
    }

    // bbb-common-web .../model/shared/GetChecksum.java: the checksum is taken over the raw query string, which is
    // empty when a POST carries its parameters in the body only
    @Test
    void aFormPostWithoutQueryIsSignedOverTheEmptyQuery() throws Exception {
        String overEmpty = EmulatorHttp.hex("SHA-1", "create" + node.secret());
        String overParams = EmulatorHttp.hex("SHA-1", "create" + "meetingID=posted&name=Posted" + node.secret());

        String refused = postForm("meetingID=posted&name=Posted&checksum=" + overParams);
        String accepted = postForm("meetingID=posted&name=Posted&checksum=" + overEmpty);

        assertEquals("checksumError", text(refused, "/response/messageKey"));
        assertEquals("SUCCESS", text(accepted, "/response/returncode"));
        assertTrue(node.hasMeeting("posted"));
    }

    // bigbluebutton-web .../controllers/RecordingController.groovy: the recording calls check an empty checksum
    // first, then their missing parameters, then the checksum, with the legacy text
    @Test
    void recordingCallsCheckMissingParametersBeforeTheChecksumWithTheLegacyText() throws Exception {
        String noChecksum = http.getRaw("publishRecordings", "recordID=r1&publish=true").body();
        String noRecordID = http.getRaw("publishRecordings", "publish=true&checksum=" + "2".repeat(40)).body();
        String wrong = http.getRaw("publishRecordings", "recordID=r1&publish=true&checksum=" + "2".repeat(40)).body();

        assertEquals("checksumError", text(noChecksum, "/response/messageKey"));
        assertEquals("You did not pass the checksum security check", text(noChecksum, "/response/message"));
        assertEquals("missingParamRecordID", text(noRecordID, "/response/messageKey"));
        assertEquals("You did not pass the checksum security check", text(wrong, "/response/message"));
    }

    // RecordingController.groovy putRecordingTextTrack: an empty checksum is a JSON paramError, a wrong one the XML
    // checksumError of invalid()
    @Test
    void putRecordingTextTrackAnswersAMissingChecksumInJsonAndAWrongOneInXml() throws Exception {
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl()
                + "/putRecordingTextTrack?recordID=r1")).POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl()
                + "/putRecordingTextTrack?recordID=r1&checksum=" + "3".repeat(40)))
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertTrue(missing.body().contains("\"messageKey\":\"paramError\""), missing.body());
        assertTrue(missing.body().contains("Missing param checksum."), missing.body());
        assertEquals("checksumError", text(wrong.body(), "/response/messageKey"));
        assertFalse(node.hasRecording("r1"));
    }

    private static String postForm(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/create"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))).body();
    }
}
