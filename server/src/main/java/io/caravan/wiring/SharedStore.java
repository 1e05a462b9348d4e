package io.caravan.wiring;

import java.util.Optional;

import io.caravan.inventory.AdminState;
import io.caravan.shared.SharedEvents;
import io.caravan.store.Redis;

/**
 * Where the state instances share lives, as the areas after the store need it (bound as {@code sharedStore}).
 *
 * @param redis      the connection to Redis when caravan.store=redis; empty when this instance keeps its state alone
 * @param events     the events between instances (only this instance's own without Redis)
 * @param adminState where the admin API's changes are kept: Redis, seeded from state.json, or state.json alone
 */
public record SharedStore(Optional<Redis> redis, SharedEvents events, AdminState adminState) {
}
