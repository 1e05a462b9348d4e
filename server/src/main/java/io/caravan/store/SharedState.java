package io.caravan.store;
import io.caravan.shared.StoreUnavailable;

/**
 * The once-a-second check of the shared state (routes/shared-state.camel.yaml): Redis is connected and answers, and
 * admin changes other instances saved are applied even when their event was missed (Redis away, a reconnect).
 * Nothing to do with caravan.store=caffeine.
 */
public final class SharedState {

    private final Redis redis;
    private final Runnable syncAdminChanges;

    /**
     * @param redis            the shared store, or null with caravan.store=caffeine
     * @param syncAdminChanges applies other instances' admin changes; may throw {@link StoreUnavailable}
     */
    public SharedState(Redis redis, Runnable syncAdminChanges) {
        this.redis = redis;
        this.syncAdminChanges = syncAdminChanges;
    }

    public boolean enabled() {
        return redis != null;
    }

    public void check() {
        if (redis == null) {
            return;
        }
        redis.check();
        if (!redis.available()) {
            return;
        }
        try {
            syncAdminChanges.run(); // also what catches up after Redis was away and events were missed
        } catch (StoreUnavailable e) {
            // Redis went away between the ping and the read: the next check tries again
        }
    }
}
