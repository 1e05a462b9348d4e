package io.caravan.inventory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import io.caravan.bbb.ChecksumAlgorithm;
import org.junit.jupiter.api.Test;

/** A node's cordon notice and maintenance windows in the inventory, and every mistake named with its key. */
class MaintenanceInventoryTest {

    private final InventoryLoader loader = new InventoryLoader(ChecksumAlgorithm.SHA256, Duration.ofMinutes(1));

    private Node node(String extra) {
        return loader.parse("nodes:\n  - name: bbb1\n    url: https://bbb1.example/bigbluebutton/\n    secret: s\n"
                + extra.indent(4), "inventory.yaml").nodes().get(0);
    }

    private String refused(String extra) {
        return assertThrows(InventoryError.class, () -> node(extra)).getMessage();
    }

    @Test
    void aNodeWithoutMaintenanceHasNoNoticeAndNoWindows() {
        Node node = node("");
        assertEquals(CordonNotice.NONE, node.cordon());
        assertEquals(0, node.maintenance().size());
    }

    @Test
    void aCordonedNodeCarriesItsNotice() {
        Node node = node("state: cordoned\ncordon: {message: \"  Restart at 22:00 \", repeat: 10m}");
        assertEquals(new CordonNotice("Restart at 22:00", Duration.ofMinutes(10), false), node.cordon());
        assertEquals("10m", node.cordon().repeatText());
        assertTrue(refused("cordon: {message: hi}").contains("needs state: cordoned"));
    }

    @Test
    void windowsAreCronOrAtWithANoticeThatDisablesWhenEmptyByDefault() {
        Node node = node("""
                maintenance:
                  - cron: "0 0 2 ? * SUN"
                  - at: 2026-12-24T21:00+01:00
                    message: Christmas
                    repeat: 1h
                    disable-when-empty: false
                """);
        MaintenanceWindow weekly = node.maintenance().get(0);
        assertEquals("0 0 2 ? * SUN", weekly.cron());
        assertNull(weekly.at());
        assertEquals(new CordonNotice(null, null, true), weekly.notice());
        MaintenanceWindow once = node.maintenance().get(1);
        assertEquals(Instant.parse("2026-12-24T20:00:00Z"), once.at());
        assertEquals(new CordonNotice("Christmas", Duration.ofHours(1), false), once.notice());
        assertNotEquals(weekly.id(), once.id());
        assertEquals(weekly.id(), node("maintenance: [{cron: \"0 0 2 ? * SUN\"}]").maintenance().get(0).id(),
                "the same window has the same id");
    }

    @Test
    void mistakesNameTheNodeAndTheKey() {
        assertTrue(refused("maintenance: [{cron: \"every sunday\"}]").contains("nodes[0] (bbb1): maintenance[0]: 'cron' must be a Quartz cron expression"));
        assertTrue(refused("maintenance: [{at: tomorrow}]").contains("'at' must be a date and time"));
        assertTrue(refused("maintenance: [{message: m}]").contains("give either 'cron'"));
        assertTrue(refused("maintenance: [{at: 2026-12-24T20:00Z, cron: \"0 0 2 ? * SUN\"}]").contains("either"));
        assertTrue(refused("maintenance: [{at: 2026-12-24T20:00Z, message: m, repeat: 30s}]")
                .contains("'repeat' must be at least 1m (caravan.maintenance.min-repeat), was 30s"));
        assertTrue(refused("maintenance: [{at: 2026-12-24T20:00Z, message: m, repeat: 10 minutes}]")
                .contains("such as 30s, 10m or 1h"));
        assertTrue(refused("maintenance: [{at: 2026-12-24T20:00Z, repeat: 10m}]").contains("needs a 'message'"));
        assertTrue(refused("maintenance: [{at: 2026-12-24T20:00Z, message: \"" + "x".repeat(501) + "\"}]")
                .contains("'message' must be 1 to 500 characters"));
        assertTrue(refused("maintenance: [{at: 2026-12-24T20:00Z, when: now}]").contains("unknown key 'when'"));
        assertTrue(refused("maintenance: [{at: 2026-12-24T20:00Z, disable-when-empty: yes please}]")
                .contains("true or false"));
        assertTrue(refused("maintenance: {at: 2026-12-24T20:00Z}").contains("must be a list"));
        assertTrue(refused("maintenance: [{cron: \"0 0 2 ? * SUN\"}, {cron: \"0 0 2 ? * SUN\"}]")
                .contains("already scheduled"));
    }
}
