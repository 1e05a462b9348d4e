package io.caravan.store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.caravan.inventory.Tenant;
import io.caravan.tenants.SharedTenantMeetings;


/**
 * The meetings each tenant has across all instances (caravan.store=redis), for its meeting limit: a hash per tenant,
 * meetingID → when it was admitted. Admission is one Lua script, so two instances cannot both take a tenant's last
 * free meeting. The hash needs no upkeep of its own: each admission counts only entries whose meeting still has a
 * shared assignment on a node that can serve (the directory keeps those), or that were admitted moments ago and are
 * being placed, and drops the rest. A meeting whose assignment is forgotten leaves the hash in the same script.
 */
public final class RedisTenantMeetings implements SharedTenantMeetings {

    /** How long an admitted meeting counts while it has no assignment yet (it is being placed). */
    static final long PLACING_MILLIS = 30_000;

    private static final String ADMIT = """
            local servable = {}
            for i = 5, #ARGV do servable[ARGV[i]] = true end
            local entries = redis.call('HGETALL', KEYS[1])
            local count = 0
            for i = 1, #entries, 2 do
              local id = entries[i]
              if id ~= ARGV[1] then
                local assigned = redis.call('GET', ARGV[4] .. id)
                if assigned then
                  if servable[string.match(assigned, '^(.*)|')] then count = count + 1 end
                elseif tonumber(ARGV[3]) - tonumber(entries[i + 1]) < %d then
                  count = count + 1
                else
                  redis.call('HDEL', KEYS[1], id)
                end
              end
            end
            if count >= tonumber(ARGV[2]) then return '0' end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            return '1'
            """.formatted(PLACING_MILLIS);

    private final Redis redis;

    public RedisTenantMeetings(Redis redis) {
        this.redis = redis;
    }

    /** Admits a new meeting if the tenant's other meetings on servable nodes are fewer than its limit. */
    @Override
    public boolean admit(Tenant tenant, String nodeMeetingId, Collection<String> servableNodes) {
        List<String> args = new ArrayList<>(List.of(nodeMeetingId, Integer.toString(tenant.maxMeetings()),
                Long.toString(System.currentTimeMillis()), RedisAssignments.keyPrefix(redis)));
        args.addAll(servableNodes);
        return "1".equals(redis.script(ADMIT, List.of(key(tenant)), args));
    }

    /** A meeting admitted but not placed (no node could take it): it no longer counts. */
    @Override
    public void abandon(Tenant tenant, String nodeMeetingId) {
        redis.call(commands -> commands.hdel(key(tenant), nodeMeetingId));
    }

    private String key(Tenant tenant) {
        return RedisAssignments.tenantMeetingsKey(redis, tenant.nodeMeetingId(""));
    }
}
