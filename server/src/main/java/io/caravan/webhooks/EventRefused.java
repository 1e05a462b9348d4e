package io.caravan.webhooks;

/** Events a node endpoint does not take: the HTTP status the sender gets, and why (for the log). */
public final class EventRefused extends RuntimeException {

    private final int status;

    EventRefused(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
