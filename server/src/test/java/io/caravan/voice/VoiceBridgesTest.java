package io.caravan.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.caravan.bbb.BbbError;
import org.junit.jupiter.api.Test;

class VoiceBridgesTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LocalVoiceBridgeClaims claims = new LocalVoiceBridgeClaims(now::get);

    private VoiceBridges range(long min, long max) {
        return new VoiceBridges(claims, min, max, 60_000, "");
    }

    @Test
    void newMeetingsGetDistinctNumbersOfTheRange() {
        VoiceBridges voiceBridges = range(100, 999);
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < 600; i++) {
            String number = voiceBridges.claimFor("meeting-" + i, null);
            long value = Long.parseLong(number);
            assertTrue(value >= 100 && value <= 999, number);
            assertTrue(numbers.add(number), "given twice: " + number);
        }
        assertEquals(600, claims.size());
    }

    @Test
    void aMeetingCreatedAgainKeepsItsNumber() {
        VoiceBridges voiceBridges = range(10000, 99999);
        String first = voiceBridges.claimFor("room", null);
        assertEquals(first, voiceBridges.claimFor("room", null));
        assertEquals(first, voiceBridges.claimFor("room", "12345"));
    }

    @Test
    void aClientsOwnNumberIsKeptWhenFreeAndRefusedAsBbbWebDoesWhenTaken() {
        VoiceBridges voiceBridges = range(10000, 99999);
        assertEquals("70123", voiceBridges.claimFor("a", "70123"));
        assertEquals("70123", voiceBridges.claimFor("a", "70123"));
        BbbError refused = assertThrows(BbbError.class, () -> voiceBridges.claimFor("b", "70123"));
        assertEquals("nonUniqueVoiceBridge", refused.messageKey());
        assertEquals("a", voiceBridges.meetingOf("70123"));
    }

    @Test
    void anEndedMeetingsNumberIsFreeAgain() {
        VoiceBridges voiceBridges = range(10000, 99999);
        voiceBridges.claimFor("a", "70123");
        voiceBridges.ended("a");
        assertNull(voiceBridges.meetingOf("70123"));
        assertEquals("70123", voiceBridges.claimFor("b", "70123"));
    }

    @Test
    void aNumberNoPollSeesIsFreeAfterItsTimeToLiveAndOnePollsSeeIsKept() {
        VoiceBridges voiceBridges = range(10000, 99999);
        voiceBridges.claimFor("seen", "70001");
        voiceBridges.claimFor("gone", "70002");
        now.addAndGet(40_000);
        voiceBridges.stillRunning(List.of("seen"));
        now.addAndGet(40_000);
        assertEquals("seen", voiceBridges.meetingOf("70001"));
        assertNull(voiceBridges.meetingOf("70002"));
        assertEquals("70002", voiceBridges.claimFor("next", "70002"));
    }

    @Test
    void aPollWithoutAMeetingNoPollHasShownYetDoesNotFreeItsNumber() {
        // placed just before the poll started, its create not yet on the node
        VoiceBridges voiceBridges = range(10000, 99999);
        voiceBridges.claimFor("placing", "70001");
        voiceBridges.dropped("placing");
        assertEquals("placing", voiceBridges.meetingOf("70001"));
        voiceBridges.stillRunning(List.of("placing"));
        voiceBridges.dropped("placing");
        assertNull(voiceBridges.meetingOf("70001"), "gone from a poll after one showed it");
    }

    @Test
    void aCreateNoNodeTookFreesItsNumberAfterThePlacingTime() {
        VoiceBridges voiceBridges = new VoiceBridges(claims, 10000, 99999, 24 * 3_600_000L, "");
        voiceBridges.claimFor("refused", "70001");
        now.addAndGet(VoiceBridges.PLACING_MILLIS + 1);
        assertNull(voiceBridges.meetingOf("70001"));
    }

    @Test
    void aFullRangeIsRefusedNotLoopedOver() {
        VoiceBridges voiceBridges = range(1, 3);
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            numbers.add(voiceBridges.claimFor("m" + i, null));
        }
        assertEquals(Set.of("1", "2", "3"), numbers);
        BbbError refused = assertThrows(BbbError.class, () -> voiceBridges.claimFor("m4", null));
        assertEquals("noVoiceBridgeAvailable", refused.messageKey());
        voiceBridges.ended("m1");
        assertNotEquals(null, voiceBridges.claimFor("m4", null));
    }
}
