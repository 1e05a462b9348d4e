package io.caravan.ops;

import io.caravan.admin.AdminGate;
import org.apache.camel.Header;

/**
 * Guards the operations endpoints that reveal usage (statistics, metrics) with the admin bearer token, when one is
 * configured. Without a token they are open (unlike the admin API, which then stays off): a fresh install behind a
 * private network must be observable at once, and an operator exposing Caravan publicly sets caravan.admin.token.
 */
public final class AdminAccess {

    private final AdminGate gate;

    public AdminAccess(AdminGate gate) {
        this.gate = gate;
    }

    public void require(@Header("Authorization") String authorization) {
        if (gate.enabled() && !gate.accepts(authorization)) {
            throw new Unauthorized();
        }
    }

    /** The request lacks the admin token; answered 401 by the ops routes. */
    public static final class Unauthorized extends RuntimeException {
        public Unauthorized() {
            super("admin token required", null, false, false);
        }
    }
}
