package io.caravan.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.inventory.AdminStateFile;
import io.caravan.inventory.InventoryChangeRefused;
import io.caravan.inventory.NodeChange;
import io.caravan.meetings.SharedAssignments.Assignment;
import io.caravan.support.RedisUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Redis scripts on their own, against a real Redis server: what two instances racing on one key end up with.
 */
@Tag("end-to-end")
class RedisStateTest {

    private static RedisUnderTest server;
    private static int prefixes;

    @BeforeAll
    static void startRedis() {
        server = RedisUnderTest.start();
    }

    @AfterAll
    static void stopRedis() {
        if (server != null) {
            server.close();
        }
    }

    private static Redis connect() {
        return server.connect("state" + (++prefixes) + ":");
    }

    @Test
    void onlyTheFirstOfTwoClaimsFromNothingWins() {
        Redis redis = connect();
        try {
            RedisAssignments first = new RedisAssignments(redis);
            RedisAssignments second = new RedisAssignments(redis);
            assertEquals(new Assignment("bbb1", 100), first.claim("m", null, new Assignment("bbb1", 100)));
            assertEquals(new Assignment("bbb1", 100), second.claim("m", null, new Assignment("bbb2", 101)),
                    "the second instance gets the first one's node");
            assertEquals(new Assignment("bbb3", 102), second.claim("m", "bbb1", new Assignment("bbb3", 102)),
                    "a move from the node it read succeeds");
            assertEquals(new Assignment("bbb3", 102), first.claim("m", "bbb1", new Assignment("bbb2", 103)),
                    "a move from a node it no longer is on does not");
        } finally {
            redis.stop();
        }
    }

    @Test
    void pollsNeitherUndoNewerPlacementsNorForgetMeetingsOfOtherNodes() {
        Redis redis = connect();
        try {
            RedisAssignments assignments = new RedisAssignments(redis);
            assignments.claim("m", null, new Assignment("bbb1", 5_000));
            assignments.learned("m", new Assignment("bbb2", 6_000), 4_000);
            assertEquals("bbb1", assignments.get("m").node(), "placed after the poll's limit: kept");
            assignments.learned("m", new Assignment("bbb2", 9_000), 7_000);
            assertEquals("bbb2", assignments.get("m").node(), "placed before it: the poll knows better");

            assignments.forget("m", "bbb1", Long.MAX_VALUE);
            assertEquals("bbb2", assignments.get("m").node(), "not on that node: kept");
            assignments.forget("m", "bbb2", 8_000);
            assertEquals("bbb2", assignments.get("m").node(), "newer than the limit: kept");
            assignments.forget("m", "bbb2", 10_000);
            assertNull(assignments.get("m"));
        } finally {
            redis.stop();
        }
    }

    @Test
    void twoInstancesSavingAdminChangesFromOneVersionCannotBothWin(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Redis redis = connect();
        try {
            RedisAdminState a = new RedisAdminState(redis, new AdminStateFile(Files.createDirectory(dir.resolve("a"))));
            RedisAdminState b = new RedisAdminState(redis, new AdminStateFile(Files.createDirectory(dir.resolve("b"))));
            a.load();
            b.load();
            a.save(cordoned("bbb1"));
            assertTrue(b.changedElsewhere());
            InventoryChangeRefused conflict = assertThrows(InventoryChangeRefused.class,
                    () -> b.save(cordoned("bbb2")));
            assertEquals(InventoryChangeRefused.Reason.CONFLICT, conflict.reason()); // the admin API answers 409
            assertEquals(cordoned("bbb1"), b.load(), "b sees a's change");
            b.save(cordoned("bbb2"));
            assertEquals(cordoned("bbb2"), a.load());
            assertTrue(Files.readString(dir.resolve("a/state.json")).contains("bbb2"), "a keeps a local copy");
        } finally {
            redis.stop();
        }
    }

    private static Map<String, Map<String, NodeChange>> cordoned(String node) {
        ObjectNode entry = new ObjectMapper().createObjectNode().put("name", node).put("url", "http://x/bigbluebutton")
                .put("secret", "s").put("state", "cordoned");
        Map<String, Map<String, NodeChange>> changes = new LinkedHashMap<>();
        changes.put("nodes", new LinkedHashMap<>(Map.of(node, new NodeChange("", false, entry))));
        changes.put("tenants", new LinkedHashMap<>());
        return changes;
    }
}
