package io.caravan.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** RFC 9110's byte ranges as a player sends them, and what is ignored or cannot be satisfied. */
class ByteRangeTest {

    private static final long SIZE = 1000;

    private static ByteRange part(long first, long last) {
        return new ByteRange(ByteRange.Kind.PART, first, last);
    }

    private static ByteRange whole() {
        return new ByteRange(ByteRange.Kind.WHOLE, 0, SIZE - 1);
    }

    private static ByteRange none() {
        return new ByteRange(ByteRange.Kind.UNSATISFIABLE, 0, -1);
    }

    @Test
    void aClosedRangeIsThatPart() {
        assertEquals(part(0, 99), ByteRange.requested("bytes=0-99", SIZE));
        assertEquals(100, ByteRange.requested("bytes=0-99", SIZE).length());
        assertEquals("bytes 0-99/1000", ByteRange.requested("bytes=0-99", SIZE).contentRange(SIZE));
        assertEquals(part(500, 500), ByteRange.requested("bytes=500-500", SIZE));
    }

    @Test
    void aRangeBeyondTheEndEndsAtTheLastByte() {
        assertEquals(part(900, 999), ByteRange.requested("bytes=900-5000", SIZE));
        assertEquals(part(900, 999), ByteRange.requested("bytes=900-99999999999999999999999", SIZE));
    }

    @Test
    void anOpenRangeRunsToTheEnd() {
        assertEquals(part(0, 999), ByteRange.requested("bytes=0-", SIZE), "what a browser's video element asks first");
        assertEquals(part(250, 999), ByteRange.requested("bytes=250-", SIZE));
    }

    @Test
    void aSuffixRangeIsTheLastBytes() {
        assertEquals(part(900, 999), ByteRange.requested("bytes=-100", SIZE));
        assertEquals(part(0, 999), ByteRange.requested("bytes=-5000", SIZE), "more than the file: all of it");
    }

    @Test
    void aRangeStartingAtOrAfterTheEndCannotBeSatisfied() {
        assertEquals(none(), ByteRange.requested("bytes=1000-", SIZE));
        assertEquals(none(), ByteRange.requested("bytes=1000-2000", SIZE));
        assertEquals(none(), ByteRange.requested("bytes=99999999999999999999-", SIZE));
        assertEquals(none(), ByteRange.requested("bytes=-0", SIZE));
        assertEquals(none(), ByteRange.requested("bytes=0-", 0), "an empty file has no byte to give");
        assertEquals("bytes */1000", none().contentRange(SIZE));
    }

    @Test
    void aMalformedOrForeignRangeIsIgnored() {
        assertEquals(whole(), ByteRange.requested(null, SIZE));
        for (String header : new String[] {"", "bytes", "bytes=", "bytes=-", "bytes=abc-", "bytes=1-x", "bytes=5-1",
                "bytes=1.5-2", "items=0-10", "bytes 0-10", "bytes=--1", "bytes=+1-2"}) {
            assertEquals(whole(), ByteRange.requested(header, SIZE), header);
        }
    }

    @Test
    void severalRangesAreAnsweredWithTheWholeFile() {
        assertEquals(whole(), ByteRange.requested("bytes=0-10, 20-30", SIZE));
        assertEquals(whole(), ByteRange.requested("bytes=2000-3000,0-1", SIZE));
    }

    @Test
    void theUnitIsCaseInsensitive() {
        assertEquals(part(1, 2), ByteRange.requested("Bytes=1-2", SIZE));
    }
}
