package io.caravan.callbacks;

/** A callback that is not forwarded: the HTTP status the node gets, nothing else. */
public final class CallbackRefused extends RuntimeException {

    private final int status;

    CallbackRefused(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** 401: the node's own signature is missing; 403: a token or signature does not verify. */
    public int status() {
        return status;
    }
}
