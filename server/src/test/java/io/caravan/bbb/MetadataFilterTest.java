package io.caravan.bbb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** bbb-web's meta_ filters of getRecordings, wildcards included. */
class MetadataFilterTest {

    @Test
    void withoutWildcardsTheValueMustBeEqual() {
        assertTrue(MetadataFilter.matches("math", "math"));
        assertFalse(MetadataFilter.matches("math", "mathematics"));
        assertFalse(MetadataFilter.matches("Math", "math"), "values are compared as they are, case included");
        assertFalse(MetadataFilter.matches("math", null), "a recording without the metadata never matches");
    }

    @Test
    void percentSignsAreBbbWebsWildcards() {
        assertTrue(MetadataFilter.matches("%them%", "mathematics"));
        assertFalse(MetadataFilter.matches("%them%", "math"));
        assertTrue(MetadataFilter.matches("%tics", "mathematics"));
        assertFalse(MetadataFilter.matches("%tics", "ticsmath"));
        assertTrue(MetadataFilter.matches("math%", "mathematics"));
        assertFalse(MetadataFilter.matches("math%", "aftermath"));
        assertTrue(MetadataFilter.matches("%%", "anything"), "two wildcards around nothing: any value");
        assertTrue(MetadataFilter.matches("%", "anything"), "a lone wildcard: any value");
        assertFalse(MetadataFilter.matches("%", null));
    }

    @Test
    void aPercentSignInTheMiddleIsLiteral() {
        assertTrue(MetadataFilter.matches("50%off", "50%off"));
        assertFalse(MetadataFilter.matches("50%off", "50 off"));
    }

    @Test
    void anEmptyFilterMatchesOnlyAnEmptyValue() {
        assertTrue(MetadataFilter.matches("", ""));
        assertFalse(MetadataFilter.matches("", "math"));
    }

    @Test
    void everyFilterMustMatch() {
        Map<String, String> metadata = Map.of("course", "mathematics", "term", "2026-winter");
        assertTrue(MetadataFilter.matchesAll(Map.of("course", "math%", "term", "%winter"), metadata));
        assertFalse(MetadataFilter.matchesAll(Map.of("course", "math%", "term", "%summer"), metadata));
        assertFalse(MetadataFilter.matchesAll(Map.of("teacher", "%"), metadata));
        assertTrue(MetadataFilter.matchesAll(Map.of(), metadata));
    }
}
