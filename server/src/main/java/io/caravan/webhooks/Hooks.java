package io.caravan.webhooks;

import java.util.List;

/**
 * Where the clients' hooks are kept: a JSON file in caravan.data-dir ({@link HooksFile}), or Redis when instances
 * share their state (io.caravan.store.RedisHooks). A failure to reach the store is an exception the API answers as
 * bbb-webhooks' createHookError, destroyHookError or listHookError.
 */
public interface Hooks {

    List<Hook> all();

    /** Adds the hook unless its tenant has one for that callback URL already; answers the hook kept. */
    Hook addUnlessPresent(Hook hook);

    /** Removes the hook with that ID; false when there was none. */
    boolean remove(String id);
}
