package io.caravan.nodes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.bbb.PolledMeeting;
import io.caravan.inventory.Cluster;
import io.caravan.inventory.Inventory;
import io.caravan.inventory.LoadFormula;
import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import org.junit.jupiter.api.Test;

/**
 * Seats reserved for meetings whose attendees have not arrived, seen through the registry's load: they weigh as
 * attendees, fade as polls see attendees, and end with the cooldown or the meeting.
 */
class SeatReservationsTest {

    // f_atn 2, f_mtg 10, no CPU term; load factor 1.5: a seat weighs 3
    private static final Cluster HEAVY_SEATS = new Cluster(Cluster.DEFAULT, new LoadFormula(2, 10, 0, 1));
    private static final long MINUTE = 60_000_000_000L;

    private final NodeRegistry registry = new NodeRegistry(new Inventory(List.of(new Node("bbb1",
            "http://bbb1/bigbluebutton/api", "secret", Cluster.DEFAULT, NodeState.ENABLED, List.of(), 1.5,
            ChecksumAlgorithm.SHA256, null)), Map.of(Cluster.DEFAULT, HEAVY_SEATS)), 1, 1, 1);

    private static PolledMeeting meeting(String id, int attendees) {
        return new PolledMeeting(id, id, attendees > 0, attendees, 0, 0, 0, 0, "<meeting/>");
    }

    private void poll(PolledMeeting... meetings) {
        registry.recordPoll("bbb1", List.of(meetings), System.nanoTime(), Instant.now());
    }

    @Test
    void reservedSeatsWeighAsAttendeesOfTheClustersFormulaTimesTheLoadFactor() {
        poll();
        registry.reserveSeats("bbb1", "lecture", 300, System.nanoTime(), MINUTE);
        assertEquals(300, registry.reservedSeats("bbb1"));
        assertEquals(300 * 2 * 1.5, registry.load("bbb1"), 1e-9);
    }

    @Test
    void aReservationFadesAsPollsSeeAttendeesAndDoesNotComeBackWhenTheyLeave() {
        registry.reserveSeats("bbb1", "lecture", 300, System.nanoTime(), MINUTE);
        poll(meeting("lecture", 0));
        assertEquals(300, registry.reservedSeats("bbb1"));
        poll(meeting("lecture", 120));
        assertEquals(180, registry.reservedSeats("bbb1"));
        assertEquals((120 * 2 + 10 + 180 * 2) * 1.5, registry.load("bbb1"), 1e-9,
                "the attendees and the seats still expected weigh 300 attendees, plus the meeting");
        poll(meeting("lecture", 80));
        assertEquals(180, registry.reservedSeats("bbb1"), "the most attendees seen counts");
        poll(meeting("lecture", 310));
        assertEquals(0, registry.reservedSeats("bbb1"));
        poll(meeting("lecture", 5));
        assertEquals(0, registry.reservedSeats("bbb1"), "a reservation fully taken is over");
    }

    @Test
    void aReservationEndsWithItsCooldown() {
        registry.reserveSeats("bbb1", "late", 50, System.nanoTime() - 2 * MINUTE, MINUTE);
        registry.reserveSeats("bbb1", "fresh", 20, System.nanoTime(), MINUTE);
        assertEquals(20, registry.reservedSeats("bbb1"), "an expired one weighs nothing even before a poll");
        poll();
        assertEquals(20, registry.reservedSeats("bbb1"), "a meeting no poll listed yet keeps its seats");
    }

    @Test
    void aReservationEndsWithItsMeeting() {
        registry.reserveSeats("bbb1", "short", 40, System.nanoTime(), MINUTE);
        registry.reserveSeats("bbb1", "ended", 30, System.nanoTime(), MINUTE);
        poll(meeting("short", 0), meeting("ended", 0));
        poll(meeting("short", 0));
        assertEquals(40, registry.reservedSeats("bbb1"), "a meeting a poll listed and the next did not has ended");
        registry.endedMeeting("bbb1", "short");
        assertEquals(0, registry.reservedSeats("bbb1"), "ended through Caravan");
    }

    @Test
    void aNewReservationOfTheMeetingReplacesItsOldOneAndReleaseFreesIt() {
        registry.reserveSeats("bbb1", "m", 40, System.nanoTime(), MINUTE);
        registry.reserveSeats("bbb1", "m", 25, System.nanoTime(), MINUTE);
        assertEquals(25, registry.reservedSeats("bbb1"));
        registry.releaseSeats("bbb1", "m");
        assertEquals(0, registry.reservedSeats("bbb1"));
        registry.reserveSeats("bbb1", "none", 0, System.nanoTime(), MINUTE);
        registry.reserveSeats("nowhere", "m", 10, System.nanoTime(), MINUTE);
        assertEquals(0, registry.reservedSeats("bbb1"));
    }
}
