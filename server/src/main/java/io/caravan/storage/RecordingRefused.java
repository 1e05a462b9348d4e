package io.caravan.storage;

/**
 * An uploaded recording Caravan will not store, with the reason. Nothing of it is left in the store when this is
 * thrown. The reason is what an upload endpoint answers with: {@link Reason#tooLarge()} ones are 413, the others 400.
 */
public final class RecordingRefused extends RuntimeException {

    /** Why an upload was refused. */
    public enum Reason {
        /** an entry that would land outside the recording: {@code ..}, an absolute path, a drive or backslash */
        UNSAFE_PATH,
        /** a symbolic or hard link, a device, a FIFO or another entry that is neither a file nor a directory */
        UNSUPPORTED_ENTRY,
        /** more entries than the store's limit */
        TOO_MANY_ENTRIES,
        /** more bytes, unpacked, than the store's limit */
        TOO_MANY_BYTES,
        /** not a tar (or gzip'd tar) archive, or one cut short */
        CORRUPT,
        /** not BBB's published layout, {@code <format>/<recordID>/...} with a metadata.xml per format */
        NOT_A_RECORDING,
        /** a metadata.xml that is not BBB's, or has a DOCTYPE */
        BAD_METADATA,
        /** a meetingID of no tenant Caravan has (the store's caller decides the tenant from it) */
        UNKNOWN_TENANT,
        /** a meetingID in another tenant's namespace than the one the recording was to be imported into */
        OTHER_TENANT;

        public boolean tooLarge() {
            return this == TOO_MANY_ENTRIES || this == TOO_MANY_BYTES;
        }
    }

    private final Reason reason;

    public RecordingRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
