package io.caravan.recordings;
import java.util.Arrays;
import java.util.List;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.MultipartForm;

/** The parameters of the recording calls, read as bbb-web reads them. */
final class RecordingParams {

    private RecordingParams() {
    }

    /** recordID from the query, a form body, or the fields of a multipart upload (Grails merges them all). */
    static String recordID(ApiRequest request) {
        String recordID = request.param("recordID");
        if (recordID == null && MultipartForm.isMultipart(request.contentType())) {
            recordID = MultipartForm.field(request.body(), request.contentType(), "recordID");
        }
        return recordID;
    }

    /** A comma list (recordIDs, meetingIDs, states), its values trimmed and the empty ones left out. */
    static List<String> commaList(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
