package io.caravan.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.webhooks.Hook;
import io.caravan.webhooks.Hooks;

/**
 * The clients' hooks in Redis (caravan.store=redis), shared by every instance: a hash {@code webhooks:hooks} of hook
 * ID to the hook as JSON, and a hash {@code webhooks:targets} of tenant and callback URL to hook ID, whose
 * {@code HSETNX} decides which of two simultaneous creates for one URL makes the hook. Read on every event: hooks
 * are few, and a hook created or removed on one instance counts on all at once. While Redis is away the calls fail
 * (StoreUnavailable): the hooks API answers its errors and the nodes' events are answered 500, which bbb-webhooks
 * retries.
 */
public final class RedisHooks implements Hooks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Redis redis;

    public RedisHooks(Redis redis) {
        this.redis = redis;
    }

    @Override
    public List<Hook> all() {
        List<Hook> hooks = new ArrayList<>();
        for (String json : redis.call(c -> c.hvals(redis.key("webhooks:hooks")))) {
            hooks.add(read(json));
        }
        return hooks;
    }

    @Override
    public Hook addUnlessPresent(Hook hook) {
        String target = target(hook);
        boolean won = redis.call(c -> c.hsetnx(redis.key("webhooks:targets"), target, hook.id()));
        if (!won) {
            String existing = redis.call(c -> c.hget(redis.key("webhooks:targets"), target));
            String json = existing == null ? null : redis.call(c -> c.hget(redis.key("webhooks:hooks"), existing));
            if (json != null) {
                return read(json);
            }
            // a target left by a removal that stopped half-way: this hook takes it over
            redis.call(c -> c.hset(redis.key("webhooks:targets"), target, hook.id()));
        }
        redis.call(c -> c.hset(redis.key("webhooks:hooks"), hook.id(), write(hook)));
        return hook;
    }

    @Override
    public boolean remove(String id) {
        String json = redis.call(c -> c.hget(redis.key("webhooks:hooks"), id));
        if (json == null) {
            return false;
        }
        Hook hook = read(json);
        long removed = redis.call(c -> c.hdel(redis.key("webhooks:hooks"), id));
        redis.call(c -> c.hdel(redis.key("webhooks:targets"), target(hook)));
        return removed > 0;
    }

    private static String target(Hook hook) {
        // a tenant's name has no space; without tenants the key is the URL alone
        return (hook.tenant() == null ? "" : hook.tenant()) + " " + hook.callbackUrl();
    }

    private static Hook read(String json) {
        try {
            return JSON.readValue(json, Hook.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable hook in Redis", e);
        }
    }

    private static String write(Hook hook) {
        try {
            return JSON.writeValueAsString(hook);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
