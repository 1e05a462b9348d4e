package io.caravan.bbb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ChecksumTest {

    private static final Path VECTORS = Path.of("../shared/bbb-api-fixtures/checksum_test_vectors.txt");

    /** The BBB docs' example: input line and one digest per algorithm. */
    private static Map<ChecksumAlgorithm, String> vectors(StringBuilder input) throws Exception {
        Map<ChecksumAlgorithm, String> digests = new LinkedHashMap<>();
        for (String line : Files.readAllLines(VECTORS)) {
            if (line.startsWith("input: ")) {
                input.append(line.substring("input: ".length()));
            } else if (line.startsWith("sha")) {
                String[] parts = line.trim().split("\\s+");
                digests.put(ChecksumAlgorithm.parse(parts[0]), parts[1]);
            }
        }
        return digests;
    }

    @Test
    void computesTheDocumentedVectorsForEveryAlgorithm() throws Exception {
        StringBuilder input = new StringBuilder();
        Map<ChecksumAlgorithm, String> digests = vectors(input);
        assertEquals(4, digests.size());
        // input = "create" + query + secret; the secret is what follows the query's last parameter
        String all = input.toString();
        String call = "create";
        String query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444";
        String secret = all.substring(call.length() + query.length());
        digests.forEach((algorithm, expected) ->
                assertEquals(expected, Checksum.compute(algorithm, call, query, secret), algorithm.name()));
    }

    @Test
    void verifierAcceptsEveryVectorAndPicksTheAlgorithmByLength() throws Exception {
        StringBuilder input = new StringBuilder();
        Map<ChecksumAlgorithm, String> digests = vectors(input);
        String query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444";
        String secret = input.substring("create".length() + query.length());
        ChecksumVerifier verifier = new ChecksumVerifier(List.of(secret), EnumSet.allOf(ChecksumAlgorithm.class));
        digests.forEach((algorithm, digest) -> {
            assertTrue(verifier.verify("create", query + "&checksum=" + digest), algorithm.name());
            assertTrue(verifier.verify("create", query + "&checksum=" + digest.toUpperCase()), "upper case");
            assertFalse(verifier.verify("join", query + "&checksum=" + digest), "the call name is signed too");
        });
        // the checksum may stand anywhere in the query
        assertTrue(verifier.verify("create", "checksum=" + digests.get(ChecksumAlgorithm.SHA1) + "&" + query));
    }

    @Test
    void allowListRefusesOtherAlgorithms() throws Exception {
        StringBuilder input = new StringBuilder();
        Map<ChecksumAlgorithm, String> digests = vectors(input);
        String query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444";
        String secret = input.substring("create".length() + query.length());
        ChecksumVerifier sha256Only = new ChecksumVerifier(List.of(secret), Set.of(ChecksumAlgorithm.SHA256));
        assertFalse(sha256Only.verify("create", query + "&checksum=" + digests.get(ChecksumAlgorithm.SHA1)));
        assertTrue(sha256Only.verify("create", query + "&checksum=" + digests.get(ChecksumAlgorithm.SHA256)));
    }

    @Test
    void emptySecretNeverValidates() {
        String emptySecretChecksum = Checksum.compute(ChecksumAlgorithm.SHA256, "getMeetings", "", "");
        ChecksumVerifier verifier = new ChecksumVerifier(List.of("", " "), EnumSet.allOf(ChecksumAlgorithm.class));
        assertFalse(verifier.verify("getMeetings", "checksum=" + emptySecretChecksum));
    }

    @Test
    void anyConfiguredSecretMatches() {
        ChecksumVerifier verifier = new ChecksumVerifier(List.of("old", "new"), EnumSet.allOf(ChecksumAlgorithm.class));
        for (String secret : List.of("old", "new")) {
            String sum = Checksum.compute(ChecksumAlgorithm.SHA256, "getMeetings", "", secret);
            assertTrue(verifier.verify("getMeetings", "checksum=" + sum), secret);
        }
        String other = Checksum.compute(ChecksumAlgorithm.SHA256, "getMeetings", "", "other");
        assertFalse(verifier.verify("getMeetings", "checksum=" + other));
    }

    @Test
    void missingOrMalformedChecksumIsRefused() {
        ChecksumVerifier verifier = new ChecksumVerifier(List.of("s"), EnumSet.allOf(ChecksumAlgorithm.class));
        assertFalse(verifier.verify("getMeetings", ""));
        assertFalse(verifier.verify("getMeetings", "checksum="));
        assertFalse(verifier.verify("getMeetings", "checksum=xyz"));
        assertFalse(verifier.verify("getMeetings", "checksum=" + "g".repeat(64)));
    }

    @Test
    void stripRemovesOnlyTheChecksumParameterTextually() {
        assertEquals("a=1&b=%20x+y", Checksum.stripFrom("a=1&checksum=abc&b=%20x+y"));
        assertEquals("a=1", Checksum.stripFrom("a=1&checksum=abc"));
        assertEquals("", Checksum.stripFrom("checksum=abc"));
        assertEquals("xchecksum=1", Checksum.stripFrom("xchecksum=1"));
        assertEquals("abc", Checksum.extractFrom("a=1&checksum=abc"));
    }
}
