package io.caravan.emulator;

import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.builder.Input;
import org.xmlunit.diff.ComparisonResult;
import org.xmlunit.diff.ComparisonType;
import org.xmlunit.diff.Diff;
import org.xmlunit.diff.DifferenceEvaluators;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Compares an answer with a real BBB answer: same element names in the same order, values and whitespace aside. */
final class FixtureShapes {

    private FixtureShapes() {
    }

    static void assertSameShape(String expectedXml, String actualXml) {
        Diff diff = DiffBuilder.compare(Input.fromString(expectedXml).build())
                .withTest(Input.fromString(actualXml).build())
                .ignoreWhitespace()
                .withDifferenceEvaluator(DifferenceEvaluators.chain(DifferenceEvaluators.Default,
                        (comparison, outcome) -> comparison.getType() == ComparisonType.TEXT_VALUE
                                ? ComparisonResult.EQUAL : outcome))
                .build();
        assertFalse(diff.hasDifferences(), diff::toString);
    }
}
