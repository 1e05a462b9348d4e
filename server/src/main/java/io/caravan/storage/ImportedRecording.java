package io.caravan.storage;

/** A recording the store imported: for whom, what its metadata.xml files say, and the bytes of its files. */
public record ImportedRecording(String tenant, RecordingMetadata metadata, long bytes) {
}
