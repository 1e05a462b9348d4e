package io.caravan.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.caravan.voice.VoiceBridgeClaims;

/**
 * The voiceBridge numbers in Redis, shared by every instance: {prefix}voice-bridge:{number} = meetingID and
 * {prefix}voice-bridge-of:{meetingID} = "number|seen", both expiring after the time to live. A claim is one Lua script
 * (the meeting's own number, or SET NX on the candidates in turn), so two instances cannot give one number to two
 * meetings, and two creates of one meeting on two instances get the same number.
 */
public final class RedisVoiceBridgeClaims implements VoiceBridgeClaims {

    /** The number in a meeting key's value, "number|seen" (seen: 1 once a poll showed the meeting, else 0). */
    private static final String HELD = """
            local function held(key)
              local value = redis.call('GET', key)
              if not value then return nil, nil end
              local number, seen = string.match(value, '^(.*)|([01])$')
              return number, seen
            end
            """;

    private static final String CLAIM = HELD + """
            local number = held(KEYS[1])
            if number and redis.call('GET', ARGV[3] .. number) == ARGV[1] then
              return number
            end
            for i = 4, #ARGV do
              local key = ARGV[3] .. ARGV[i]
              if redis.call('SET', key, ARGV[1], 'NX', 'PX', ARGV[2]) or redis.call('GET', key) == ARGV[1] then
                redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
                redis.call('SET', KEYS[1], ARGV[i] .. '|0', 'PX', ARGV[2])
                return ARGV[i]
              end
            end
            return false
            """;

    private static final String RELEASE = HELD + """
            local number, seen = held(KEYS[1])
            if number and (ARGV[3] == '0' or seen == '1') then
              if redis.call('GET', ARGV[2] .. number) == ARGV[1] then
                redis.call('DEL', ARGV[2] .. number)
              end
              redis.call('DEL', KEYS[1])
            end
            return '1'
            """;

    private static final String KEEP = HELD + """
            for i = 4, #ARGV do
              local key = ARGV[3] .. ARGV[i]
              local number = held(key)
              if number and redis.call('GET', ARGV[2] .. number) == ARGV[i] then
                redis.call('SET', key, number .. '|1', 'PX', ARGV[1])
                redis.call('PEXPIRE', ARGV[2] .. number, ARGV[1])
              end
            end
            return '1'
            """;

    private final Redis redis;

    public RedisVoiceBridgeClaims(Redis redis) {
        this.redis = redis;
    }

    @Override
    public String claim(String meetingId, List<String> candidates, long ttlMillis) {
        List<String> args = new ArrayList<>(List.of(meetingId, Long.toString(ttlMillis), numberPrefix()));
        args.addAll(candidates);
        return redis.script(CLAIM, List.of(meetingKey(meetingId)), args);
    }

    @Override
    public String meetingOf(String number) {
        return redis.call(commands -> commands.get(numberPrefix() + number));
    }

    @Override
    public void release(String meetingId, boolean seenOnly) {
        redis.script(RELEASE, List.of(meetingKey(meetingId)),
                List.of(meetingId, numberPrefix(), seenOnly ? "1" : "0"));
    }

    @Override
    public void keep(Collection<String> meetingIds, long ttlMillis) {
        List<String> args = new ArrayList<>(List.of(Long.toString(ttlMillis), numberPrefix(), meetingPrefix()));
        args.addAll(meetingIds);
        redis.script(KEEP, List.of(), args);
    }

    private String numberPrefix() {
        return redis.key("voice-bridge:");
    }

    private String meetingPrefix() {
        return redis.key("voice-bridge-of:");
    }

    private String meetingKey(String meetingId) {
        return meetingPrefix() + meetingId;
    }
}
