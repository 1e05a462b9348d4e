package io.caravan.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RequestPathTest {

    @Test
    void segmentsAreCountedFromTheFirstAfterLeadingSlashes() {
        assertEquals("bigbluebutton", RequestPath.raw("/bigbluebutton/api/join", 0));
        assertEquals("join", RequestPath.raw("/bigbluebutton/api/join", 2));
        assertEquals("join", RequestPath.raw("//bigbluebutton/api/join", 2));
        assertEquals("t", RequestPath.raw("/t/acme/bigbluebutton/api/create", 0));
        assertEquals("create", RequestPath.raw("/t/acme/bigbluebutton/api/create", 4));
    }

    @Test
    void missingSegmentsAreNullAndEmptyOnesEmpty() {
        assertNull(RequestPath.raw("/bigbluebutton/api", 2));
        assertEquals("", RequestPath.raw("/bigbluebutton/api/", 2));
        assertEquals("", RequestPath.raw("/", 0));
    }
}
