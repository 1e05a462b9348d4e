package io.caravan.maintenance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.inventory.InventoryLoader;
import io.caravan.nodes.NodeRegistry;
import org.junit.jupiter.api.Test;

/** Which windows are due at a check, with the clock moved by the test rather than waited for. */
class MaintenanceScheduleTest {

    /** A clock the test sets. */
    static final class TestClock extends Clock {
        Instant now;

        TestClock(String start) {
            now = Instant.parse(start);
        }

        void set(String at) {
            now = Instant.parse(at);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static NodeRegistry registry(String maintenance) {
        return new NodeRegistry(new InventoryLoader(ChecksumAlgorithm.SHA256).parse(
                "nodes:\n  - name: bbb3\n    url: https://bbb3.example/bigbluebutton/\n    secret: s\n"
                        + maintenance.indent(4), "inventory.yaml"), 2, 1);
    }

    private static List<String> due(MaintenanceSchedule schedule) {
        return schedule.dueWindows().stream().map(d -> d.node() + " " + (d.window().cron() != null
                ? d.window().cron() : d.window().at().toString())).toList();
    }

    @Test
    void aCronWindowIsDueAtTheOneCheckThatPassesItsTime() {
        TestClock clock = new TestClock("2026-03-01T01:58:30Z"); // a Sunday
        NodeRegistry registry = registry("maintenance: [{cron: \"0 0 2 ? * SUN\"}]");
        MaintenanceSchedule schedule = new MaintenanceSchedule(registry, ZoneOffset.UTC, clock);
        clock.set("2026-03-01T01:59:00.004Z");
        assertEquals(List.of(), due(schedule));
        clock.set("2026-03-01T02:00:00.003Z");
        assertEquals(List.of("bbb3 0 0 2 ? * SUN"), due(schedule));
        clock.set("2026-03-01T02:01:00.002Z");
        assertEquals(List.of(), due(schedule), "not again at the next check");
        clock.set("2026-03-08T02:00:00.010Z");
        assertEquals(List.of("bbb3 0 0 2 ? * SUN"), due(schedule), "next Sunday, even after a long pause");
        assertEquals(Instant.parse("2026-03-15T02:00:00Z"),
                schedule.next(registry.nodes().iterator().next().maintenance().get(0)));
    }

    @Test
    void aCronWindowIsReadInTheConfiguredTimeZone() {
        TestClock clock = new TestClock("2026-03-01T00:59:30Z");
        MaintenanceSchedule schedule = new MaintenanceSchedule(registry("maintenance: [{cron: \"0 0 2 ? * SUN\"}]"),
                ZoneId.of("Europe/Berlin"), clock);
        clock.set("2026-03-01T01:00:00.001Z"); // 02:00 in Berlin (winter time)
        assertEquals(1, due(schedule).size());
    }

    @Test
    void aOneOffWindowIsDueOnceAndAPastOneNever() {
        TestClock clock = new TestClock("2026-12-24T19:59:00Z");
        NodeRegistry registry = registry("maintenance: [{at: 2026-12-24T20:00Z}, {at: 2026-12-24T19:00Z}]");
        MaintenanceSchedule schedule = new MaintenanceSchedule(registry, ZoneOffset.UTC, clock);
        clock.set("2026-12-24T20:00:00Z");
        assertEquals(List.of("bbb3 2026-12-24T20:00:00Z"), due(schedule));
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertEquals(List.of(), due(schedule));
        assertNull(schedule.next(registry.nodes().iterator().next().maintenance().get(0)));
    }
}
