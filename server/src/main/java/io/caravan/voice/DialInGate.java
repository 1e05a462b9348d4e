package io.caravan.voice;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * FreeSWITCH's mod_xml_curl authenticates with HTTP basic auth (its gateway-credentials). The dialplan tells whoever
 * asks which node hosts a PIN, so without a configured password every lookup is refused rather than open.
 */
public final class DialInGate {

    private static final String BASIC = "Basic ";

    private final byte[] expected;

    /** @param password empty: no lookup is ever let in */
    public DialInGate(String user, String password) {
        this.expected = password.isEmpty() ? null : digest(user + ":" + password);
    }

    /** Lets the lookup on, or marks it {@link ExchangeProperties#DIAL_IN_UNAUTHORIZED}. */
    public void verify(Exchange exchange, @Header("Authorization") String authorization) {
        if (!accepts(authorization)) {
            exchange.setProperty(ExchangeProperties.DIAL_IN_UNAUTHORIZED, true);
        }
    }

    boolean accepts(String authorization) {
        if (expected == null || authorization == null
                || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return false;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        // compared as digests, so the time taken tells nothing of how much of the password was right
        return MessageDigest.isEqual(expected, digest(credentials));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
