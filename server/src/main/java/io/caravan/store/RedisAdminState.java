package io.caravan.store;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.inventory.AdminState;
import io.caravan.inventory.AdminStateFile;
import io.caravan.inventory.InventoryChangeRefused;
import io.caravan.inventory.NodeChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's changes shared by all instances (caravan.store=redis): one JSON document, the same as state.json,
 * under {prefix}admin-state, and a version under {prefix}admin-state-version that every save increments. A save only
 * succeeds on the version it was computed from, so two instances changing nodes at once cannot lose either change:
 * the second gets 409 and can repeat its request on the new state.
 *
 * <p>Every instance also keeps a copy in its own state.json. A Redis that comes back empty (restarted without
 * persistence, flushed) gets the admin changes back from the first instance that notices, instead of every instance
 * silently dropping its cordons and added nodes.
 */
public final class RedisAdminState implements AdminState {

    private static final Logger LOG = LoggerFactory.getLogger(RedisAdminState.class);

    private static final String SAVE = """
            local version = redis.call('GET', KEYS[2]) or '0'
            if version ~= ARGV[1] then
              return '-' .. version
            end
            redis.call('SET', KEYS[1], ARGV[2])
            return tostring(redis.call('INCR', KEYS[2]))
            """;

    private final Redis redis;
    private final AdminStateFile seed;
    private final ObjectMapper json = new ObjectMapper();
    private volatile String version = "0";
    /** The changes last loaded or saved here, null before the first. */
    private Map<String, Map<String, NodeChange>> known;

    /**
     * @param seed state.json of this instance: carried into Redis when Redis has no admin state yet, so moving a
     *             single Caravan to caravan.store=redis keeps its admin changes
     */
    public RedisAdminState(Redis redis, AdminStateFile seed) {
        this.redis = redis;
        this.seed = seed;
    }

    @Override
    public synchronized Map<String, Map<String, NodeChange>> load() {
        List<String> stored = redis.call(commands -> {
            String v = commands.get(redis.key("admin-state-version"));
            return v == null ? null : List.of(v, commands.get(redis.key("admin-state")));
        });
        if (stored == null) {
            version = "0";
            Map<String, Map<String, NodeChange>> restored = known != null ? known
                    : seed.exists() ? seed.load() : null;
            if (restored == null) {
                return AdminStateFile.fromJson(json.createObjectNode());
            }
            save(restored);
            LOG.warn("Redis had no admin changes: restored them from {}", known != null ? "this instance's copy"
                    : seed.describe());
            return restored;
        }
        try {
            Map<String, Map<String, NodeChange>> changes = AdminStateFile.fromJson(json.readTree(stored.get(1)));
            version = stored.get(0);
            keepCopy(changes);
            return changes;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("admin state in Redis (" + redis.key("admin-state")
                    + ") is not readable: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void save(Map<String, Map<String, NodeChange>> changes) {
        String document;
        try {
            document = json.writeValueAsString(AdminStateFile.toJson(json, changes));
        } catch (IOException e) {
            throw new IllegalStateException("admin state not serializable: " + e.getMessage(), e);
        }
        String saved = redis.script(SAVE, List.of(redis.key("admin-state"), redis.key("admin-state-version")),
                List.of(version, document));
        if (saved.startsWith("-")) {
            throw InventoryChangeRefused.conflict("another Caravan instance changed the nodes or tenants at the same time; "
                    + "repeat the request");
        }
        version = saved;
        keepCopy(changes);
    }

    private void keepCopy(Map<String, Map<String, NodeChange>> changes) {
        if (changes.equals(known)) {
            return;
        }
        known = changes;
        try {
            seed.save(changes);
        } catch (IllegalStateException e) {
            LOG.warn("local copy of the admin changes not saved: {}", e.getMessage());
        }
    }

    @Override
    public boolean changedElsewhere() {
        String current = redis.call(commands -> commands.get(redis.key("admin-state-version")));
        return !(current == null ? "0" : current).equals(version);
    }

    @Override
    public String describe() {
        return "Redis " + redis.address() + " key " + redis.key("admin-state");
    }
}
