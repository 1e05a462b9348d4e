package io.caravan.inventory;

/** The inventory cannot be used; the message names the file, the entry and the problem. */
public class InventoryError extends RuntimeException {

    public InventoryError(String message) {
        super(message);
    }

    public InventoryError(String message, Throwable cause) {
        super(message, cause);
    }
}
