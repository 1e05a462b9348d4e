package io.caravan.bbb;
import java.util.Set;

/**
 * The recording calls keep bbb-web's older checks (RecordingController, ParamsProcessorUtil#isChecksumSame), in their
 * order: a missing checksum first, then each call's missing parameters, and only then the checksum comparison, with
 * the older messages ("You did not pass the checksum security check"). putRecordingTextTrack answers its own
 * parameter errors in JSON.
 */
public final class RecordingChecks {

    private static final Set<String> CALLS = Set.of("getRecordings", "publishRecordings", "deleteRecordings",
            "updateRecordings", "getRecordingTextTracks", "putRecordingTextTrack");
    private static final String UPLOAD = "putRecordingTextTrack";

    private RecordingChecks() {
    }

    public static boolean covers(String call) {
        return CALLS.contains(call);
    }

    /** The checksum as RecordingController reads it: params.checksum, which includes an upload's form fields. */
    public static String checksum(ApiRequest request) {
        return param(request, "checksum");
    }

    public static BbbError missingChecksum(String call) {
        return UPLOAD.equals(call) ? BbbError.json("paramError", "Missing param checksum.") : checksumFailed();
    }

    public static BbbError checksumFailed() {
        return new BbbError("checksumError", "You did not pass the checksum security check");
    }

    /** The parameters each call requires before its checksum is compared. */
    public static void requireParams(ApiRequest request) {
        String call = request.call();
        if ("getRecordings".equals(call)) {
            return;
        }
        if (blank(param(request, "recordID"))) {
            throw UPLOAD.equals(call) ? BbbError.json("paramError", "Missing param recordID.")
                    : new BbbError("missingParamRecordID", "You must specify a recordID.");
        }
        if ("publishRecordings".equals(call) && blank(request.param("publish"))) {
            throw new BbbError("missingParamPublish", "You must specify a publish value true or false.");
        }
    }

    private static String param(ApiRequest request, String name) {
        String value = request.param(name);
        if (value == null && MultipartForm.isMultipart(request.contentType())) {
            value = MultipartForm.field(request.body(), request.contentType(), name);
        }
        return value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
