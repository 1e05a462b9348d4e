package io.caravan.inventory;

/**
 * A change of nodes or tenants that cannot be made; the admin API answers it with the status of its {@link Reason}.
 * The inventory names the problem, the admin package decides how it is shown, so this package knows nothing of HTTP.
 */
public class InventoryChangeRefused extends RuntimeException {

    /** Why a change is refused. */
    public enum Reason {
        /** The entry is not valid (a missing name, a bad value). */
        INVALID,
        /** No such node or tenant. */
        UNKNOWN,
        /** It exists already, or another instance changed the inventory at the same time. */
        CONFLICT,
        /** The shared state store is away: nothing can be changed until it is back. */
        STORE_UNAVAILABLE
    }

    private final Reason reason;

    public InventoryChangeRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static InventoryChangeRefused invalid(String message) {
        return new InventoryChangeRefused(Reason.INVALID, message);
    }

    public static InventoryChangeRefused unknown(String message) {
        return new InventoryChangeRefused(Reason.UNKNOWN, message);
    }

    public static InventoryChangeRefused conflict(String message) {
        return new InventoryChangeRefused(Reason.CONFLICT, message);
    }
}
