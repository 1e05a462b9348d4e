package io.caravan.http;

import java.nio.file.Path;

/**
 * A route's answer that is a file or a part of it (a recording's video, a range of it). The engine sends it from the
 * file, zero-copy where the system can, instead of reading it into memory as Camel's writer does with every other
 * body; {@code Content-Length} is the part's length, and a HEAD request gets the headers only. Status and headers are
 * the message's, as for any answer.
 *
 * @param file   the file
 * @param offset the first byte sent
 * @param length the bytes sent from there
 */
public record FileBody(Path file, long offset, long length) {

    public FileBody {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
        }
    }
}
