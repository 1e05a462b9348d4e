package io.caravan.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.caravan.voice.VoiceBridgeClaims;

/**
 * The voiceBridge numbers in Redis, shared by every instance: {prefix}voice-bridge:{number} = meetingID and
 * {prefix}voice-bridge-of:{meetingID} = number, both expiring after the time to live. A claim is one Lua script
 * (the meeting's own number, or SET NX on the candidates in turn), so two instances cannot give one number to two
 * meetings, and two creates of one meeting on two instances get the same number.
 */
public final class RedisVoiceBridgeClaims implements VoiceBridgeClaims {

    private static final String CLAIM = """
            local held = redis.call('GET', KEYS[1])
            if held and redis.call('GET', ARGV[3] .. held) == ARGV[1] then
              return held
            end
            for i = 4, #ARGV do
              local key = ARGV[3] .. ARGV[i]
              if redis.call('SET', key, ARGV[1], 'NX', 'PX', ARGV[2]) or redis.call('GET', key) == ARGV[1] then
                redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
                redis.call('SET', KEYS[1], ARGV[i], 'PX', ARGV[2])
                return ARGV[i]
              end
            end
            return false
            """;

    private static final String RELEASE = """
            local held = redis.call('GET', KEYS[1])
            if held then
              if redis.call('GET', ARGV[2] .. held) == ARGV[1] then
                redis.call('DEL', ARGV[2] .. held)
              end
              redis.call('DEL', KEYS[1])
            end
            return '1'
            """;

    private static final String KEEP = """
            for i = 4, #ARGV do
              local key = ARGV[3] .. ARGV[i]
              local held = redis.call('GET', key)
              if held and redis.call('GET', ARGV[2] .. held) == ARGV[i] then
                redis.call('PEXPIRE', key, ARGV[1])
                redis.call('PEXPIRE', ARGV[2] .. held, ARGV[1])
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
    public void release(String meetingId) {
        redis.script(RELEASE, List.of(meetingKey(meetingId)), List.of(meetingId, numberPrefix()));
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
