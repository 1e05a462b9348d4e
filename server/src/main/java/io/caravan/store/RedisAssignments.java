package io.caravan.store;
import java.util.List;

import io.caravan.inventory.Tenant;
import io.caravan.meetings.SharedAssignments;

/**
 * Assignments in Redis, one string key per meeting ({prefix}meeting:{meetingID} = "node|placedAtMillis"). Every
 * change is a Lua script, so a compare and its set are one step for Redis and no other instance can come between.
 */
public final class RedisAssignments implements SharedAssignments {

    private static final String CLAIM = """
            local current = redis.call('GET', KEYS[1])
            local node = current and string.match(current, '^(.*)|') or ''
            if node == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2])
              return ARGV[2]
            end
            return current
            """;

    private static final String LEARN = """
            local current = redis.call('GET', KEYS[1])
            if current then
              local node, at = string.match(current, '^(.*)|(%d+)$')
              if node == ARGV[1] or tonumber(at) >= tonumber(ARGV[3]) then
                return current
              end
            end
            redis.call('SET', KEYS[1], ARGV[2])
            return ARGV[2]
            """;

    private static final String FORGET = """
            local current = redis.call('GET', KEYS[1])
            if not current then
              return '0'
            end
            local node, at = string.match(current, '^(.*)|(%d+)$')
            if (ARGV[1] == '' or node == ARGV[1]) and tonumber(at) < tonumber(ARGV[2]) then
              redis.call('DEL', KEYS[1])
              redis.call('HDEL', KEYS[2], ARGV[3])
              return '1'
            end
            return '0'
            """;

    private final Redis redis;

    public RedisAssignments(Redis redis) {
        this.redis = redis;
    }

    /** The key of a meeting's assignment; the tenant limits script reads these too. */
    public static String keyPrefix(Redis redis) {
        return redis.key("meeting:");
    }

    @Override
    public Assignment get(String meetingId) {
        return parse(redis.call(commands -> commands.get(key(meetingId))));
    }

    @Override
    public Assignment claim(String meetingId, String expectedNode, Assignment proposed) {
        return parse(redis.script(CLAIM, List.of(key(meetingId)),
                List.of(expectedNode == null ? "" : expectedNode, value(proposed))));
    }

    @Override
    public void learned(String meetingId, Assignment found, long notBeforeMillis) {
        redis.script(LEARN, List.of(key(meetingId)),
                List.of(found.node(), value(found), Long.toString(notBeforeMillis)));
    }

    @Override
    public void forget(String meetingId, String node, long placedBeforeMillis) {
        redis.script(FORGET, List.of(key(meetingId), tenantMeetingsKey(redis, meetingId)),
                List.of(node == null ? "" : node, Long.toString(placedBeforeMillis), meetingId));
    }

    /**
     * The hash of the meeting's tenant for its meeting limit ({@link io.caravan.store.RedisTenantMeetings}): a
     * forgotten meeting leaves it in the same step, so its place is free at once.
     */
    public static String tenantMeetingsKey(Redis redis, String meetingId) {
        int separator = meetingId.indexOf(Tenant.SEPARATOR);
        return redis.key("tenant-meetings:" + (separator < 0 ? "" : meetingId.substring(0, separator)));
    }

    private String key(String meetingId) {
        return keyPrefix(redis) + meetingId;
    }

    private static String value(Assignment assignment) {
        return assignment.node() + "|" + assignment.placedAtMillis();
    }

    private static Assignment parse(String value) {
        if (value == null) {
            return null;
        }
        int bar = value.lastIndexOf('|');
        if (bar < 0) {
            return new Assignment(value, 0);
        }
        try {
            return new Assignment(value.substring(0, bar), Long.parseLong(value.substring(bar + 1)));
        } catch (NumberFormatException e) {
            return new Assignment(value.substring(0, bar), 0);
        }
    }
}
