package io.caravan.shared;

/** The shared store (Redis) did not answer; what depends on it cannot be done right now. */
public final class StoreUnavailable extends RuntimeException {

    public StoreUnavailable(String message) {
        super(message);
    }

    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
