package io.caravan.emulator;

import java.util.Locale;

/**
 * How an emulated node misbehaves on API calls, to reproduce what Caravan meets in production: a proxy in front of a
 * crashed bbb-web (HTTP 500), a half-broken node or captive portal (200 with junk), or a node that accepts
 * connections but is stuck (no answer at all).
 */
enum FaultMode {
    OK,
    GARBAGE,
    FAILING,
    HANG;

    /** The name used by the control endpoint. */
    String controlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FaultMode ofControlName(String name) {
        for (FaultMode mode : values()) {
            if (mode.controlName().equalsIgnoreCase(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode must be one of ok, garbage, failing, hang, not '" + name + "'");
    }
}
