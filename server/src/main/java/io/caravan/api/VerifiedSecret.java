package io.caravan.api;
import io.caravan.routes.ExchangeProperties;

/**
 * The secret that verified a request's checksum, kept in the exchange property {@value ExchangeProperties#VERIFIED_SECRET} so that what the
 * request starts (a meeting's callbacks) can be signed with the same secret the client knows. Never printed: its
 * toString hides the value, so a logged exchange cannot leak it.
 */
public final class VerifiedSecret {


    private final String secret;

    public VerifiedSecret(String secret) {
        this.secret = secret;
    }

    public String value() {
        return secret;
    }

    @Override
    public String toString() {
        return "VerifiedSecret[hidden]";
    }
}
