package io.caravan.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where imported recordings live, per tenant ({@code null} or empty for the default tenant): imported whole or not
 * at all, read file by file for playback, deleted, listed and measured.
 *
 * <p>{@link S3RecordingStore} keeps this contract with other means: objects cannot be renamed, so an import uploads
 * under a new prefix ({@code <tenant>/<recordID>/<import id>/}) and becomes visible when the recording's pointer
 * object is written to name that prefix, after which the old prefix is deleted; its {@link PlaybackFile} carries a
 * presigned URL instead of a local file.
 */
public interface RecordingStore {

    /**
     * Verifies and unpacks an uploaded archive and makes it the tenant's recording of its recordID, replacing one
     * imported before. Nothing of a refused or failed import stays in the store.
     *
     * @throws RecordingRefused the archive is not one Caravan stores
     * @throws IOException      the store could not be written
     */
    default ImportedRecording importRecording(String tenant, InputStream archive) throws IOException {
        return importRecording(metadata -> tenant, archive);
    }

    /**
     * The same, with the tenant decided from the verified recording (its meetingID names it), before anything of it
     * is visible. The decision may refuse the recording by throwing {@link RecordingRefused}.
     */
    default ImportedRecording importRecording(Function<RecordingMetadata, String> tenantOf, InputStream archive)
            throws IOException {
        return importRecording(tenantOf, archive, false);
    }

    /**
     * Imports the archive's formats into the tenant's recording of its recordID, keeping the formats the recording
     * already has that the archive does not bring: Scalelite's spool layout sends one archive per format. Made visible
     * whole, as {@link #importRecording}; the {@link ImportedRecording} names the archive's formats only.
     */
    default ImportedRecording importFormats(Function<RecordingMetadata, String> tenantOf, InputStream archive)
            throws IOException {
        return importRecording(tenantOf, archive, true);
    }

    /**
     * An import, whole or of the archive's formats only: what {@link #importRecording(Function, InputStream)} and
     * {@link #importFormats} ask for.
     *
     * @param keepOtherFormats whether the recording keeps the formats it has that the archive does not bring
     */
    ImportedRecording importRecording(Function<RecordingMetadata, String> tenantOf, InputStream archive,
            boolean keepOtherFormats) throws IOException;

    /**
     * A file of a recording for playback, {@code path} relative to the recording ({@code presentation/shapes.svg});
     * empty for a path that does not exist or points outside the recording.
     */
    Optional<PlaybackFile> file(String tenant, String recordId, String path) throws IOException;

    /** Deletes the recording with all its formats; false when the tenant has no such recording. */
    boolean delete(String tenant, String recordId) throws IOException;

    /** The tenant's recordIDs, sorted. */
    List<String> recordIds(String tenant) throws IOException;

    /** The bytes of the tenant's recording files. */
    long bytesUsed(String tenant) throws IOException;
}
