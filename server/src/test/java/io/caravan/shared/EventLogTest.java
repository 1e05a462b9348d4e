package io.caravan.shared;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class EventLogTest {

    private static List<String> messages(List<EventLog.Event> events) {
        return events.stream().map(EventLog.Event::message).toList();
    }

    @Test
    void theLatestEventsComeNewestFirstAndTheOldestGoWhenFull() {
        EventLog log = new EventLog(3);
        for (int i = 1; i <= 5; i++) {
            log.record("maintenance", "bbb" + i, "step " + i);
        }
        assertEquals(List.of("step 5", "step 4", "step 3"), messages(log.latest(0, 10)));
        assertEquals(List.of("step 5", "step 4"), messages(log.latest(0, 2)));
        assertEquals(5, log.latest(0, 1).get(0).id());
    }

    @Test
    void aReaderAsksForWhatCameAfterTheLastEventItSaw() {
        EventLog log = new EventLog(10);
        log.record(EventLog.NODE_OFFLINE, "bbb1", "offline");
        long seen = log.latest(0, 10).get(0).id();
        log.record(EventLog.NODE_ONLINE, "bbb1", "online");
        log.record("maintenance", null, "upgrade window opened");
        assertEquals(List.of("upgrade window opened", "online"), messages(log.latest(seen, 10)));
        assertNull(log.latest(seen, 10).get(0).node(), "an event about no node in particular");
        assertEquals(List.of(), log.latest(log.latest(0, 1).get(0).id(), 10));
    }

    @Test
    void anEventNeedsATypeAndTheLogACapacity() {
        assertThrows(IllegalArgumentException.class, () -> new EventLog(10).record(" ", "bbb1", "x"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new EventLog(0));
        assertEquals("caravan.events.capacity must be at least 1", none.getMessage());
    }
}
