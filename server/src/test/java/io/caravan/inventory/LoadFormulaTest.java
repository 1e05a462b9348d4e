package io.caravan.inventory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadFormulaTest {

    private final LoadFormula defaults = LoadFormula.DEFAULTS;

    @Test
    void defaultsAreB3lbs() {
        assertEquals(new LoadFormula(1, 30, 5000, 6), defaults);
    }

    @Test
    void attendeesAndMeetingsAreWeighted() {
        assertEquals(0, defaults.load(0, 0, 0), 1e-9);
        assertEquals(10 + 2 * 30, defaults.load(10, 2, 0), 1e-9);
    }

    @Test
    void cpuTermIsThePolynomial() {
        // cpu 50%: 5000/6 * (0.5 + 0.25 + 0.125 + 0.0625 + 0.03125 + 0.015625)
        assertEquals(5000.0 / 6 * 0.984375, defaults.load(0, 0, 5000), 1e-9);
        // full CPU: cpu_max
        assertEquals(5000, defaults.load(0, 0, 10000), 1e-9);
        // values outside 0..10000 are clamped
        assertEquals(5000, defaults.load(0, 0, 20000), 1e-9);
        assertEquals(0, defaults.load(0, 0, -5), 1e-9);
    }

    @Test
    void cpuPolynomialPunishesNearlySaturatedNodes() {
        double at50 = defaults.load(0, 0, 5000);
        double at90 = defaults.load(0, 0, 9000);
        assertTrue(at90 > 2.5 * at50, at50 + " vs " + at90);
    }

    @Test
    void tunablesApply() {
        LoadFormula linear = new LoadFormula(2, 10, 100, 1);
        assertEquals(2 * 5 + 10 * 3 + 100 * 0.25, linear.load(5, 3, 2500), 1e-9);
    }

    @Test
    void invalidTunablesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LoadFormula(1, 30, 5000, 0));
        assertThrows(IllegalArgumentException.class, () -> new LoadFormula(-1, 30, 5000, 6));
    }
}
