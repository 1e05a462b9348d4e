package io.caravan.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.apache.camel.Header;

/**
 * Guards the operations endpoints that reveal usage (statistics, metrics) with the admin bearer token, when one is
 * configured. Without a token they are open: a fresh install behind a private network must be observable at once,
 * and an operator exposing Caravan publicly sets caravan.admin.token.
 */
public final class AdminAccess {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    public AdminAccess(OpsSettings settings) {
        this.token = settings.tokenRequired() ? settings.adminToken().getBytes(StandardCharsets.UTF_8) : null;
    }

    public void require(@Header("Authorization") String authorization) {
        if (token == null) {
            return;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new Unauthorized();
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        // constant time: the comparison must not tell an attacker how many leading characters were right
        if (!MessageDigest.isEqual(token, presented)) {
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
