package io.caravan.voice;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class DialInGateTest {

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyTheConfiguredUserAndPasswordGetIn() {
        DialInGate gate = new DialInGate("fsapi", "s3cret");
        assertTrue(gate.accepts(basic("fsapi:s3cret")));
        assertTrue(gate.accepts("basic " + basic("fsapi:s3cret").substring(6)));
        assertFalse(gate.accepts(basic("fsapi:wrong")));
        assertFalse(gate.accepts(basic("other:s3cret")));
        assertFalse(gate.accepts("Basic not-base64!"));
        assertFalse(gate.accepts("Bearer s3cret"));
        assertFalse(gate.accepts(null));
    }

    @Test
    void withoutAPasswordNobodyGetsIn() {
        DialInGate gate = new DialInGate("fsapi", "");
        assertFalse(gate.accepts(basic("fsapi:")));
    }
}
