package io.caravan.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The callback tokens on their own: what a token carries, which tokens are refused, and how keys and secrets are named. */
class CallbackTokensTest {

    private static final String SECRET = "a-client-secret-0123456789abcdef";
    private static final String URL = "https://lms.example.org/bbb/ended?course=7&x=%20y";

    private final byte[] key = CallbackTokens.key(null, SECRET);
    private final CallbackTokens tokens = new CallbackTokens(key);

    @Test
    void everyKindComesBackAsIssuedWithAndWithoutTenantAndSecretId() {
        String secretId = tokens.secretId(SECRET);
        for (CallbackKind kind : CallbackKind.values()) {
            for (String tenant : Arrays.asList(null, "acme")) {
                for (String sid : Arrays.asList(null, secretId)) {
                    CallbackTarget target = new CallbackTarget(kind, URL, tenant, "room-1", sid);
                    assertEquals(target, tokens.verify(kind.path(), tokens.issue(target)),
                            kind + ", tenant " + tenant + ", secretId " + sid);
                }
            }
        }
    }

    @Test
    void anotherInstanceWithTheSameSecretVerifiesTheToken() {
        // instances sharing a configuration but no key must forward each other's callbacks, after any restart
        CallbackTarget target = new CallbackTarget(CallbackKind.END, URL, "acme", "room-1", null);
        String token = tokens.issue(target);
        assertEquals(target, new CallbackTokens(CallbackTokens.key("", SECRET)).verify("end", token));
    }

    @Test
    void aTokenForOneKindIsRefusedOnEveryOtherKindsPath() {
        for (CallbackKind issued : CallbackKind.values()) {
            String token = tokens.issue(new CallbackTarget(issued, URL, "acme", "room-1", null));
            for (CallbackKind other : CallbackKind.values()) {
                if (other != issued) {
                    assertRefused(other.path(), token, "is not for " + other.path());
                }
            }
            assertRefused("no-such-kind", token, "is not for no-such-kind");
        }
    }

    @Test
    void aTamperedTokenIsRefused() {
        String token = tokens.issue(new CallbackTarget(CallbackKind.END, URL, "acme", "room-1", null));
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String redirected = payload.replace("lms.example.org", "attacker.example");
        assertNotEquals(payload, redirected);
        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(redirected.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertRefused("end", forged, "does not verify");

        char last = parts[2].charAt(0);
        String badSignature = parts[0] + "." + parts[1] + "." + (last == 'A' ? 'B' : 'A') + parts[2].substring(1);
        assertRefused("end", badSignature, "does not verify");
        assertRefused("end", token.substring(0, token.length() - 1), "does not verify");
        assertRefused("end", "not-a-token", "does not verify");
    }

    @Test
    void anEmptyOrMissingTokenIsRefused() {
        assertRefused("end", "", "no callback token");
        assertRefused("end", null, "no callback token");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        CallbackTokens otherInstance = new CallbackTokens(CallbackTokens.key(null, "another-secret"));
        String token = otherInstance.issue(new CallbackTarget(CallbackKind.END, URL, null, "room-1", null));
        assertRefused("end", token, "does not verify");
        CallbackTokens configured = new CallbackTokens(CallbackTokens.key("a-configured-key", SECRET));
        assertRefused("end", configured.issue(new CallbackTarget(CallbackKind.END, URL, null, "room-1", null)),
                "does not verify");
    }

    @Test
    void aTokenWithTheRightKeyButNotIssuedByCaravanIsRefused() {
        // the same key signing something else (no issuer) must not make a callback URL
        Algorithm sameKey = Algorithm.HMAC256(key);
        assertRefused("end", JWT.create().withClaim("kind", "end").withClaim("url", URL).sign(sameKey),
                "does not verify");
        assertRefused("end", JWT.create().withIssuer("caravan").withClaim("kind", "end").sign(sameKey),
                "has no URL");
        assertRefused("end", JWT.create().withIssuer("caravan").withClaim("url", URL).sign(sameKey),
                "is not for end");
    }

    @Test
    void aConfiguredKeyIsUsedAsIs() {
        assertArrayEquals("the-configured-key".getBytes(StandardCharsets.UTF_8),
                CallbackTokens.key("the-configured-key", SECRET));
        assertArrayEquals("the-configured-key".getBytes(StandardCharsets.UTF_8),
                CallbackTokens.key("the-configured-key", null), "no secret is needed with a configured key");
    }

    @Test
    void aDerivedKeyDiffersFromTheSecretAndIsStable() {
        byte[] derived = CallbackTokens.key(null, SECRET);
        assertFalse(Arrays.equals(SECRET.getBytes(StandardCharsets.UTF_8), derived));
        assertFalse(new String(derived, StandardCharsets.ISO_8859_1).contains(SECRET));
        assertEquals(32, derived.length, "a whole HMAC-SHA256 output");
        assertArrayEquals(derived, CallbackTokens.key(null, SECRET));
        assertArrayEquals(derived, CallbackTokens.key("", SECRET), "an empty configured key is no key");
        assertFalse(Arrays.equals(derived, CallbackTokens.key(null, SECRET + "x")));
    }

    @Test
    void aSecretIdIsStableForOneSecretAndDiffersBetweenSecrets() {
        String id = tokens.secretId(SECRET);
        assertEquals(id, tokens.secretId(SECRET));
        assertEquals(id, new CallbackTokens(CallbackTokens.key(null, SECRET)).secretId(SECRET),
                "another instance with the same key names the secret alike");
        assertNotEquals(id, tokens.secretId("another-client-secret"));
        assertNotEquals(id, tokens.secretId(SECRET + " "));
        assertEquals(16, id.length(), "96 bits, base64url without padding");
        assertTrue(id.matches("[A-Za-z0-9_-]+"), id);
    }

    @Test
    void aSecretIdDependsOnTheTokenKey() {
        // keyed with the token key, so a leaked name cannot be checked against guessed secrets without that key
        String id = tokens.secretId(SECRET);
        assertNotEquals(id, new CallbackTokens(CallbackTokens.key("a-configured-key", SECRET)).secretId(SECRET));
        assertNotEquals(id, new CallbackTokens(CallbackTokens.key(null, "another-secret")).secretId(SECRET));
    }

    @Test
    void aSecretIdNeverContainsTheSecret() {
        // a secret of a few characters could turn up in any 16 characters by chance; real secrets are longer
        for (String secret : List.of(SECRET, "0123456789abcdef", "bbb-secret", "AAAAAAAAAAAAAAAA")) {
            String id = tokens.secretId(secret);
            assertFalse(id.contains(secret), secret + " in " + id);
        }
    }

    @Test
    void theTokenNamesTheSecretByItsIdAndNeverCarriesTheSecret() throws Exception {
        String id = tokens.secretId(SECRET);
        String token = tokens.issue(new CallbackTarget(CallbackKind.RECORDING_READY, URL, "acme", "room-1", id));
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        JsonNode claims = new ObjectMapper().readTree(payload);
        assertEquals(id, claims.get("sid").asText());
        assertFalse(payload.contains(SECRET), payload);
        assertFalse(token.contains(SECRET), token);
        assertEquals("caravan", claims.get("iss").asText());
        assertEquals("recording-ready", claims.get("kind").asText());
        assertEquals(URL, claims.get("url").asText());
        assertEquals("acme", claims.get("tenant").asText());
        assertEquals("room-1", claims.get("meetingID").asText());
        assertFalse(claims.has("exp"), "tokens do not expire: a recording may be published days later");
    }

    @Test
    void withoutTenantOrSecretIdTheTokenCarriesNeitherClaim() throws Exception {
        String token = tokens.issue(new CallbackTarget(CallbackKind.END, URL, null, "room-1", null));
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertFalse(claims.has("tenant"));
        assertFalse(claims.has("sid"));
    }

    private void assertRefused(String pathKind, String token, String reason) {
        CallbackRefused refused = assertThrows(CallbackRefused.class, () -> tokens.verify(pathKind, token));
        assertEquals(403, refused.status());
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }
}
