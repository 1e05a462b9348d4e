package io.caravan.playback;

/**
 * What a Range header asks of a file of known size (RFC 9110, section 14): the whole file, one part of it, or none
 * of its bytes. One range is answered as a part (206). A header that is malformed or of another unit is ignored, as
 * RFC 9110 requires, and several ranges are answered with the whole file, as it allows: players ask for one range at
 * a time, and a multipart answer would be all cost and no use.
 *
 * @param kind  whole file, one part, or unsatisfiable (416)
 * @param first the first byte (0 for the whole file)
 * @param last  the last byte, inclusive ({@code size - 1} for the whole file)
 */
public record ByteRange(Kind kind, long first, long last) {

    /** The three answers a Range header can get. */
    public enum Kind { WHOLE, PART, UNSATISFIABLE }

    /** The range {@code header} (null when absent) asks of a file of {@code size} bytes. */
    public static ByteRange requested(String header, long size) {
        ByteRange whole = new ByteRange(Kind.WHOLE, 0, size - 1);
        if (header == null) {
            return whole;
        }
        int equals = header.indexOf('=');
        if (equals < 0 || !header.substring(0, equals).trim().equalsIgnoreCase("bytes")) {
            return whole;
        }
        String spec = header.substring(equals + 1).trim();
        int dash = spec.indexOf('-');
        if (spec.indexOf(',') >= 0 || dash < 0) {
            return whole;
        }
        String from = spec.substring(0, dash);
        String to = spec.substring(dash + 1);
        if (!digits(from) && !digits(to) || !from.isEmpty() && !digits(from) || !to.isEmpty() && !digits(to)) {
            return whole;
        }
        ByteRange none = new ByteRange(Kind.UNSATISFIABLE, 0, -1);
        if (from.isEmpty()) {
            // bytes=-n: the last n bytes
            long suffix = number(to);
            return suffix == 0 || size == 0 ? none : new ByteRange(Kind.PART, Math.max(0, size - suffix), size - 1);
        }
        long first = number(from);
        long last = to.isEmpty() ? Long.MAX_VALUE : number(to);
        if (last < first) {
            return whole; // not a valid range: ignored
        }
        if (first >= size) {
            return none;
        }
        return new ByteRange(Kind.PART, first, Math.min(last, size - 1));
    }

    /** The bytes answered: 0 when unsatisfiable. */
    public long length() {
        return kind == Kind.UNSATISFIABLE ? 0 : last - first + 1;
    }

    /** The Content-Range of this part of a file of {@code size} bytes ({@code bytes *}/size when unsatisfiable). */
    public String contentRange(long size) {
        return kind == Kind.UNSATISFIABLE ? "bytes */" + size : "bytes " + first + "-" + last + "/" + size;
    }

    private static boolean digits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A position too large for a long is past the end of any file: saturated, never an exception. */
    private static long number(String digits) {
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
