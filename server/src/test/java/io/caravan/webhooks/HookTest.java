package io.caravan.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.bbb.HookChecksum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which events a hook gets, the checksum on them, and the hooks kept in a file. */
class HookTest {

    private static Hook hook(String tenant, String meetingId, List<String> eventIds, boolean raw) {
        return new Hook("h1", tenant, "https://app.example.org/hook", meetingId, eventIds, raw, null);
    }

    @Test
    void aTenantsHookSeesOnlyItsOwnMeetings() {
        Hook acme = hook("acme", null, null, false);
        assertTrue(acme.wants("acme~room", "user-joined"));
        assertFalse(acme.wants("acmex~room", "user-joined"));
        assertFalse(acme.wants("room", "user-joined"));
        assertFalse(acme.wants(null, "user-joined"));
        assertTrue(hook(null, null, null, false).wants("room", "user-joined"));
    }

    @Test
    void meetingAndEventFiltersAreExactAndEventIdsCaseInsensitive() {
        Hook filtered = hook("acme", "acme~room", List.of("user-joined", "meeting-ended"), false);
        assertTrue(filtered.wants("acme~room", "User-Joined"));
        assertFalse(filtered.wants("acme~room", "user-left"));
        assertFalse(filtered.wants("acme~other", "user-joined"));
        assertFalse(hook(null, null, null, true).wants("room", "user-joined"), "a raw hook gets raw events only");
        assertFalse(hook(null, null, null, false).wantsRaw("room", null), "and a mapped hook mapped ones only");
    }

    @Test
    void aRawHookGetsItsTenantsRawEventsAndWithAnEventListOnlyThoseWithADataId() {
        Hook raw = hook("acme", null, null, true);
        assertTrue(raw.wantsRaw("acme~room", null));
        assertFalse(raw.wantsRaw("globex~room", null));
        assertFalse(raw.wantsRaw(null, null), "a raw event whose meeting Caravan cannot tell goes to no tenant");
        assertTrue(hook(null, null, null, true).wantsRaw(null, null), "but to a hook of every meeting without tenants");
        Hook listed = hook("acme", "acme~room", List.of("user-left"), true);
        assertFalse(listed.wantsRaw("acme~room", null), "a raw message has no data.id for the list to match");
        assertTrue(listed.wantsRaw("acme~room", "user-left"));
        assertFalse(listed.wantsRaw("acme~other", "user-left"));
    }

    @Test
    void theChecksumCoversUrlBodyAndSecretWithTheAlgorithmToldByItsLength() {
        String url = HookChecksum.signedUrl(ChecksumAlgorithm.SHA1, "https://a.example/h?x=1", "event=%5B%5D", "s");
        assertTrue(url.startsWith("https://a.example/h?x=1&checksum="), url);
        String sha1 = url.substring(url.indexOf("checksum=") + 9);
        assertEquals(40, sha1.length());
        assertTrue(HookChecksum.verifies(sha1, "https://a.example/h?x=1", "event=%5B%5D", "s"));
        assertFalse(HookChecksum.verifies(sha1, "https://a.example/h?x=1", "event=%5B%5D", "t"));
        String sha256 = HookChecksum.compute(ChecksumAlgorithm.SHA256, "u", "b", "s");
        assertTrue(HookChecksum.verifies(sha256.toUpperCase(), "u", "b", "s"));
        assertFalse(HookChecksum.verifies("abc", "u", "b", "s"));
    }

    @Test
    void hooksSurviveInTheirFileAndDuplicatesAreByTenantAndUrl(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hooks.json");
        HooksFile hooks = new HooksFile(file);
        Hook first = new Hook("1", "acme", "https://a.example/h", null, List.of("user-joined"), false, "sid");
        assertEquals(first, hooks.addUnlessPresent(first));
        Hook again = new Hook("2", "acme", "https://a.example/h", "acme~x", null, false, "sid");
        assertEquals(first, hooks.addUnlessPresent(again));
        Hook other = new Hook("3", "globex", "https://a.example/h", null, null, false, null);
        assertEquals(other, hooks.addUnlessPresent(other));
        assertFalse(Files.exists(dir.resolve("hooks.json.tmp")));

        HooksFile reread = new HooksFile(file);
        assertEquals(List.of(first, other), reread.all());
        assertTrue(reread.remove("1"));
        assertFalse(reread.remove("1"));
        assertEquals(List.of(other), new HooksFile(file).all());
    }
}
