package io.caravan.callbacks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;

/**
 * The tokens in Caravan's callback URLs: JWTs (HS256) that carry everything needed to forward the callback, so no
 * state is kept and any Caravan instance sharing the key can forward it, after any restart. They do not expire (a
 * recording may be published days after its meeting); changing the key revokes them all.
 */
public final class CallbackTokens {

    private static final String ISSUER = "caravan";
    private static final String KIND = "kind";
    private static final String URL = "url";
    private static final String TENANT = "tenant";
    private static final String MEETING_ID = "meetingID";
    private static final String SECRET_ID = "sid";

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final byte[] key;

    public CallbackTokens(byte[] key) {
        this.key = key.clone();
        this.algorithm = Algorithm.HMAC256(key);
        this.verifier = JWT.require(algorithm).withIssuer(ISSUER).build();
    }

    /**
     * The signing key: caravan.callbacks.key as given, else one derived from a secret Caravan already has, so that
     * instances sharing their configuration share it too. Derived rather than the secret itself so a token can never
     * be mistaken for anything signed with that secret.
     */
    public static byte[] key(String configuredKey, String secret) {
        if (configuredKey != null && !configuredKey.isEmpty()) {
            return configuredKey.getBytes(StandardCharsets.UTF_8);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal("caravan callback tokens".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public String issue(CallbackTarget target) {
        JWTCreator.Builder token = JWT.create().withIssuer(ISSUER)
                .withClaim(KIND, target.kind().path())
                .withClaim(URL, target.url())
                .withClaim(MEETING_ID, target.meetingId());
        if (target.tenant() != null) {
            token.withClaim(TENANT, target.tenant());
        }
        if (target.secretId() != null) {
            token.withClaim(SECRET_ID, target.secretId());
        }
        return token.sign(algorithm);
    }

    /**
     * Names a secret without giving it away: a keyed hash (with this instance's token key), so that the name in a
     * token, which nodes and anyone reading their logs can decode, cannot be tried against guessed secrets. 96 bits
     * tell a tenant's few secrets apart with room to spare.
     */
    public String secretId(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(("client secret " + secret).getBytes(StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(java.util.Arrays.copyOf(digest, 12));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The target of a token received on {@code /callbacks/{kind}/{token}}; the kind must be the token's own. */
    public CallbackTarget verify(String pathKind, String token) {
        if (token == null || token.isEmpty()) {
            throw new CallbackRefused(403, "no callback token");
        }
        DecodedJWT decoded;
        try {
            decoded = verifier.verify(token);
        } catch (JWTVerificationException e) {
            throw new CallbackRefused(403, "callback token does not verify: " + e.getMessage());
        }
        CallbackKind kind = CallbackKind.ofPath(decoded.getClaim(KIND).asString())
                .filter(k -> k.path().equals(pathKind))
                .orElseThrow(() -> new CallbackRefused(403, "callback token is not for " + pathKind));
        String url = decoded.getClaim(URL).asString();
        if (url == null || url.isEmpty()) {
            throw new CallbackRefused(403, "callback token has no URL");
        }
        return new CallbackTarget(kind, url, decoded.getClaim(TENANT).asString(),
                decoded.getClaim(MEETING_ID).asString(), decoded.getClaim(SECRET_ID).asString());
    }
}
