package io.caravan.inventory;
import java.util.Map;

/**
 * Where the admin API's changes to the inventory (nodes and tenants added, changed, removed, cordoned...) are kept:
 * {@code state.json} for one instance ({@link AdminStateFile}), Redis for instances that share them
 * ({@link RedisAdminState}). Changes are by section ({@link AdminStateFile#SECTIONS}), then by entry name.
 */
public interface AdminState {

    Map<String, Map<String, NodeChange>> load();

    /**
     * Replaces the saved changes. Fails with 409 when another instance saved since this one last loaded or saved:
     * its change was computed from a state that no longer holds.
     */
    void save(Map<String, Map<String, NodeChange>> changes);

    /** Whether another instance saved changes since this one last loaded or saved them. */
    boolean changedElsewhere();

    /** Where the state is, for logs. */
    String describe();
}
