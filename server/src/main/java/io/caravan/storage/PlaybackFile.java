package io.caravan.storage;

import java.nio.file.Path;

/** A file of a stored recording, ready to be served: where it is, its size and its content type. */
public record PlaybackFile(Path file, long size, String contentType) {
}
