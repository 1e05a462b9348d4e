package io.caravan.recordings;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.MultipartForm;

/** The parameters of the recording calls, read as bbb-web reads them. */
final class RecordingParams {

    private static final String META_PREFIX = "meta_";

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

    /**
     * The {@code meta_} parameters by name without the prefix: lower case for getRecordings' filters (bbb-web
     * matches metadata names so), as given for updateRecordings' changes. The first value of a repeated one.
     */
    static Map<String, String> meta(ApiRequest request, boolean lowerCase) {
        Map<String, String> meta = new LinkedHashMap<>();
        request.params().forEach((name, values) -> {
            if (name.startsWith(META_PREFIX) && name.length() > META_PREFIX.length() && !values.isEmpty()) {
                String key = name.substring(META_PREFIX.length());
                meta.putIfAbsent(lowerCase ? key.toLowerCase(Locale.ROOT) : key, values.get(0));
            }
        });
        return meta;
    }

    /** A comma list (recordIDs, meetingIDs, states), its values trimmed and the empty ones left out. */
    static List<String> commaList(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
