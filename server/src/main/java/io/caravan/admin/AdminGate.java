package io.caravan.admin;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Lets admin requests in only with the bearer token of caravan.admin.token. Without a configured token the admin API
 * is off: an empty token must never open it. The BBB shared secret is deliberately not an admin credential.
 */
public final class AdminGate {

    private static final String BEARER = "Bearer ";

    private final byte[] tokenDigest;

    public AdminGate(String token) {
        this.tokenDigest = token == null || token.isBlank() ? null : digest(token.trim());
    }

    /** Lets the request on, or refuses it (401, 403) in {@link AdminResponses#REFUSAL} for the route to answer. */
    public void authorize(Exchange exchange, @Header("Authorization") String authorization) {
        if (!enabled()) {
            refuse(exchange, 403, "admin API disabled: set caravan.admin.token");
        } else if (!isBearer(authorization)) {
            refuse(exchange, 401, "missing bearer token (Authorization: Bearer <caravan.admin.token>)");
        } else if (!accepts(authorization)) {
            refuse(exchange, 401, "wrong admin token");
        }
    }

    private static void refuse(Exchange exchange, int status, String message) {
        exchange.setProperty(ExchangeProperties.ADMIN_REFUSAL, AdminAnswer.error(status, message));
    }

    /** Whether a token is configured at all. */
    public boolean enabled() {
        return tokenDigest != null;
    }

    /** Whether this Authorization header carries the configured token (false when none is configured). */
    public boolean accepts(String authorization) {
        if (tokenDigest == null || !isBearer(authorization)) {
            return false;
        }
        // comparing digests keeps the comparison constant-time whatever the length of the guess
        return MessageDigest.isEqual(tokenDigest, digest(authorization.substring(BEARER.length()).trim()));
    }

    private static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
