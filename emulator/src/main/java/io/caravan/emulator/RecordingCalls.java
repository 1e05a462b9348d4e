package io.caravan.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The recording calls of the emulated node, as bbb-web's RecordingController answers them. Unlike the meeting calls
 * they still use the legacy checks: an empty checksum first, then the call's missing parameters, then the checksum
 * comparison, with the legacy text "You did not pass the checksum security check".
 */
final class RecordingCalls {

    private static final String META_PREFIX = "meta_";

    private final String secret;
    private final Supplier<String> serverUrl;
    private final ConcurrentMap<String, EmulatedRecording> recordings = new ConcurrentHashMap<>();
    private volatile boolean paging = true;

    RecordingCalls(String secret, Supplier<String> serverUrl) {
        this.secret = secret;
        this.serverUrl = serverUrl;
    }

    ConcurrentMap<String, EmulatedRecording> recordings() {
        return recordings;
    }

    void paging(boolean supported) {
        paging = supported;
    }

    /**
     * getRecordings with bbb-web's filters, oldest first. With a limit (bbb-web 2.6+) one page: limit clamped to
     * 1..100, offset below 0 or not a number is 0, and {@code <totalElements>} closes the answer; a limit that is not
     * a number means no paging. bbb-web fails on an offset past the end; this node answers an empty page.
     */
    ApiAnswer getRecordings(ApiCall call) {
        Optional<ApiError> refused = legacyChecks(call);
        if (refused.isPresent()) {
            return refused.get().answer();
        }
        CallParameters params = call.params();
        List<String> meetingIDs = decodeIds(params.sanitized("meetingID"));
        List<String> recordIDs = decodeIds(params.sanitized("recordID"));
        List<String> states = decodeIds(params.sanitized("state"));
        boolean anyState = states.contains("any");
        Map<String, String> metaFilter = metaParameters(params);
        List<EmulatedRecording> found = recordings.values().stream()
                .filter(r -> meetingIDs.isEmpty() || meetingIDs.contains(r.meetingID()))
                .filter(r -> recordIDs.isEmpty() || recordIDs.stream().anyMatch(r.recordID()::startsWith))
                .filter(r -> anyState || (states.isEmpty() ? List.of("published", "unpublished") : states)
                        .contains(r.state()))
                .filter(r -> metaFilter.entrySet().stream()
                        .allMatch(f -> metaMatches(f.getValue(), r.metadata().get(f.getKey()))))
                .sorted((a, b) -> Long.compare(a.startTime(), b.startTime()))
                .toList();
        Optional<int[]> asked = paging ? offsetAndLimit(params.get("offset"), params.get("limit")) : Optional.empty();
        List<EmulatedRecording> page = asked.map(p -> p[0] >= found.size() ? List.<EmulatedRecording>of()
                : found.subList(p[0], Math.min(found.size(), p[0] + p[1]))).orElse(found);
        ResponseXml xml = ResponseXml.success();
        if (page.isEmpty()) {
            xml.empty("recordings").element("messageKey", "noRecordings")
                    .element("message", "There are no recordings for the meeting(s).");
        } else {
            xml.start("recordings");
            for (EmulatedRecording recording : page) {
                describe(recording, xml);
            }
            xml.end();
        }
        if (asked.isPresent()) {
            xml.element("totalElements", found.size());
        }
        return ApiAnswer.xml(xml.toXml());
    }

    /** One {@code <recording>} as bbb-web lists it, with a presentation playback on this node. */
    private void describe(EmulatedRecording recording, ResponseXml xml) {
        Map<String, String> metadata = recording.metadata();
        String name = metadata.getOrDefault("bbb-recording-name", recording.meetingID());
        String playbackHost = serverUrl.get();
        xml.start("recording")
                .element("recordID", recording.recordID())
                .element("meetingID", recording.meetingID())
                .element("internalMeetingID", recording.recordID())
                .element("name", name)
                .element("isBreakout", false)
                .element("published", recording.published())
                .element("state", recording.state())
                .element("startTime", recording.startTime())
                .element("endTime", recording.startTime() + 60_000)
                .element("participants", 1)
                .element("rawSize", 0)
                .start("metadata");
        metadata.forEach((key, value) -> {
            if (ResponseXml.isElementName(key)) {
                xml.element(key, value);
            }
        });
        xml.end()
                .element("size", 0)
                .start("playback")
                .start("format")
                .element("type", "presentation")
                .element("url", playbackHost + "/playback/presentation/2.3/" + recording.recordID())
                .element("processingTime", 0)
                .element("length", 1)
                .element("size", 0)
                .start("preview")
                .start("images")
                .element("image", playbackHost + "/presentation/" + recording.recordID()
                        + "/presentation/slides/thumbnails/thumb-1.png")
                .end()
                .end()
                .end()
                .end()
                .element("data", null)
                .end();
    }

    ApiAnswer publishRecordings(ApiCall call) {
        String publish = call.params().sanitized("publish");
        return changeRecordings(call, publish == null || publish.isEmpty() ? ApiError.MISSING_PUBLISH : null,
                found -> {
                    boolean published = groovyToBoolean(publish);
                    found.forEach(r -> r.publish(published));
                    // bbb-web echoes the publish value as it was given
                    return ResponseXml.success().element("published", publish);
                });
    }

    ApiAnswer deleteRecordings(ApiCall call) {
        return changeRecordings(call, null, found -> {
            found.forEach(r -> recordings.remove(r.recordID()));
            return ResponseXml.success().element("deleted", true);
        });
    }

    ApiAnswer updateRecordings(ApiCall call) {
        return changeRecordings(call, null, found -> {
            Map<String, String> changes = metaParameters(call.params());
            found.forEach(r -> r.updateMetadata(changes));
            return ResponseXml.success().element("updated", true);
        });
    }

    /**
     * A change of the recordings named by recordID, refused in RecordingController's order: empty checksum, no
     * recordID, the call's own missing parameter (when not null), wrong checksum, none of them found.
     */
    private ApiAnswer changeRecordings(ApiCall call, ApiError missingParameter,
            Function<List<EmulatedRecording>, ResponseXml> change) {
        List<ApiError> missing = new ArrayList<>();
        String recordID = call.params().sanitized("recordID");
        if (recordID == null || recordID.isEmpty()) {
            missing.add(ApiError.MISSING_RECORD_ID);
        }
        if (missingParameter != null) {
            missing.add(missingParameter);
        }
        Optional<ApiError> refused = legacyChecks(call, missing.toArray(ApiError[]::new));
        if (refused.isPresent()) {
            return refused.get().answer();
        }
        List<EmulatedRecording> found = decodeIds(recordID).stream().map(recordings::get).filter(Objects::nonNull)
                .toList();
        if (found.isEmpty()) {
            return ApiError.RECORDINGS_NOT_FOUND.answer();
        }
        return ApiAnswer.xml(change.apply(found).toXml());
    }

    /**
     * bbb-web's getRecordingTextTracks: its refusals are XML documents of invalid(), its answer the recording
     * service's JSON.
     */
    ApiAnswer getRecordingTextTracks(ApiCall call) {
        String recordID = call.params().sanitized("recordID");
        Optional<ApiError> refused = legacyChecks(call,
                recordID == null || recordID.isEmpty() ? new ApiError[] {ApiError.MISSING_RECORD_ID}
                        : new ApiError[0]);
        if (refused.isPresent()) {
            return refused.get().answer();
        }
        EmulatedRecording recording = recordings.get(recordID);
        if (recording == null) {
            return jsonAnswer("FAILED", "noRecordings", "No recording found for " + recordID);
        }
        StringBuilder json = new StringBuilder("{\"response\":{\"returncode\":\"SUCCESS\",\"tracks\":[");
        List<EmulatedRecording.TextTrack> tracks = recording.tracks();
        for (int i = 0; i < tracks.size(); i++) {
            EmulatedRecording.TextTrack t = tracks.get(i);
            json.append(i == 0 ? "" : ",").append("{\"href\":").append(jsonString(t.href()))
                    .append(",\"kind\":").append(jsonString(t.kind()))
                    .append(",\"label\":").append(jsonString(t.label()))
                    .append(",\"lang\":").append(jsonString(t.lang()))
                    .append(",\"source\":").append(jsonString(t.source())).append('}');
        }
        return ApiAnswer.json(json.append("]}}").toString()).withNoCache();
    }

    /**
     * bbb-web's putRecordingTextTrack, in its order: checksum and recordID present (JSON paramError), checksum right
     * (XML, as invalid() renders it), the recording known, kind, lang (a Java locale as commons-lang 2 reads it:
     * {@code en} or {@code en_US}, written back as a language tag), then the file. Parameters come from the query or
     * the multipart fields, the track from the part "file". bbb-web processes uploads in the background; this node
     * lists the track at once.
     */
    ApiAnswer putRecordingTextTrack(ApiCall call) {
        List<MultipartBody.Part> parts = MultipartBody.parts(call.body(), call.contentType());
        String checksum = param(call.params(), parts, "checksum");
        if (checksum == null) {
            return jsonAnswer("FAILED", "paramError", "Missing param checksum.");
        }
        String recordID = param(call.params(), parts, "recordID");
        if (recordID == null) {
            return jsonAnswer("FAILED", "paramError", "Missing param recordID.");
        }
        if (!RequestChecksum.matches(call.name(), call.rawQuery(), checksum, secret)) {
            return ApiError.LEGACY_CHECKSUM_ERROR.answer();
        }
        EmulatedRecording recording = recordings.get(recordID);
        if (recording == null) {
            return jsonAnswer("FAILED", "noRecordings", "No recording was found for " + recordID);
        }
        String kind = param(call.params(), parts, "kind");
        if (kind == null) {
            return jsonAnswer("FAILED", "paramError", "Missing param kind.");
        }
        if (!kind.equals("subtitles") && !kind.equals("captions")) {
            return jsonAnswer("FAILED", "invalidKind",
                    "Invalid kind parameter, expected='subtitles|captions' actual=" + kind);
        }
        String lang = param(call.params(), parts, "lang");
        if (lang == null) {
            return jsonAnswer("FAILED", "paramError", "Missing param lang.");
        }
        Locale locale = textTrackLocale(lang);
        if (locale == null) {
            return jsonAnswer("FAILED", "invalidLang", "Malformed lang param, received=" + lang);
        }
        String label = param(call.params(), parts, "label");
        MultipartBody.Part file = parts.stream().filter(p -> p.name().equals("file") && p.filename() != null)
                .findFirst().orElse(null);
        if (file == null || file.content().length == 0) {
            return jsonAnswer("FAILED", "empty_uploaded_text_track", "Empty uploaded text track.");
        }
        String tag = locale.toLanguageTag();
        recording.putTrack(new EmulatedRecording.TextTrack(kind, tag,
                label == null ? locale.getDisplayLanguage(Locale.ENGLISH) : label, "upload",
                serverUrl.get() + "/bigbluebutton/textTrack/" + EmulatedApi.random(40) + "/" + recordID + "/"
                        + kind + "_" + tag + ".vtt"));
        return ApiAnswer.json("{\"response\":{\"messageKey\":\"upload_text_track_success\","
                + "\"message\":\"Text track uploaded successfully\",\"recordId\":" + jsonString(recordID)
                + ",\"returncode\":\"SUCCESS\"}}").withNoCache();
    }

    /**
     * The lang of a text track: a BCP 47 tag ({@code en-US}, {@code pt-BR}: bbb-web's API documentation uploads and
     * lists them so, docs_getRecordingTextTracks_success.json) or LocaleUtils' {@code ll_CC}; null when it is neither.
     */
    static Locale textTrackLocale(String text) {
        try {
            Locale tag = new Locale.Builder().setLanguageTag(text).build();
            if (!tag.getLanguage().isEmpty()) {
                return tag;
            }
        } catch (java.util.IllformedLocaleException e) {
            // not a BCP 47 tag: perhaps the underscore form
        }
        return commonsLangLocale(text);
    }

    /**
     * commons-lang 2's LocaleUtils.toLocale, which bbb-web uses for lang: {@code ll}, {@code ll_CC}, {@code ll__V}
     * or {@code ll_CC_V}; anything else (a BCP 47 tag such as {@code en-US} included) is malformed. Null then.
     */
    static Locale commonsLangLocale(String text) {
        int length = text.length();
        if (length != 2 && length != 5 && length < 7) {
            return null;
        }
        if (!isLower(text.charAt(0)) || !isLower(text.charAt(1))) {
            return null;
        }
        if (length == 2) {
            return new Locale(text);
        }
        if (text.charAt(2) != '_') {
            return null;
        }
        if (text.charAt(3) == '_') {
            return new Locale(text.substring(0, 2), "", text.substring(4));
        }
        if (!isUpper(text.charAt(3)) || !isUpper(text.charAt(4))) {
            return null;
        }
        if (length == 5) {
            return new Locale(text.substring(0, 2), text.substring(3, 5));
        }
        if (text.charAt(5) != '_') {
            return null;
        }
        return new Locale(text.substring(0, 2), text.substring(3, 5), text.substring(6));
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /**
     * RecordingController's legacy order: an empty checksum, then the call's missing parameters (the first given),
     * then the checksum comparison.
     */
    private Optional<ApiError> legacyChecks(ApiCall call, ApiError... missing) {
        String checksum = call.params().sanitized("checksum");
        if (checksum == null || checksum.isEmpty()) {
            return Optional.of(ApiError.LEGACY_CHECKSUM_ERROR);
        }
        if (missing.length > 0) {
            return Optional.of(missing[0]);
        }
        if (!RequestChecksum.matches(call.name(), call.rawQuery(), checksum, secret)) {
            return Optional.of(ApiError.LEGACY_CHECKSUM_ERROR);
        }
        return Optional.empty();
    }

    /** A parameter from the query, else from a plain multipart field; blank counts as missing, as in bbb-web. */
    private static String param(CallParameters params, List<MultipartBody.Part> parts, String name) {
        String value = params.nonBlank(name);
        if (value == null) {
            value = parts.stream().filter(p -> p.name().equals(name) && p.filename() == null)
                    .map(MultipartBody.Part::text).filter(v -> !v.isBlank()).findFirst().orElse(null);
        }
        return value == null ? null : value.strip();
    }

    /**
     * getRecordings' paging as bbb-web 2.6+ reads it (MeetingService.getRecordings2x, Integer.parseInt): a limit that
     * is not a number means no paging; otherwise it is clamped to 1..100, and an offset below 0 or not a number is 0.
     */
    private static Optional<int[]> offsetAndLimit(String offset, String limit) {
        int pageLimit;
        try {
            pageLimit = Math.max(1, Math.min(100, Integer.parseInt(limit)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        int pageOffset;
        try {
            pageOffset = Math.max(0, Integer.parseInt(offset));
        } catch (NumberFormatException e) {
            pageOffset = 0;
        }
        return Optional.of(new int[] {pageOffset, pageLimit});
    }

    /**
     * One {@code meta_} filter of getRecordings against a recording's value (RecordingService): {@code %x%} contains,
     * {@code %x} ends with, {@code x%} starts with, else equal; tried in that order; no value never matches.
     */
    private static boolean metaMatches(String filter, String value) {
        if (value == null) {
            return false;
        }
        boolean leading = filter.startsWith("%");
        boolean trailing = filter.endsWith("%");
        return (leading && trailing && filter.length() >= 2 && value.contains(filter.substring(1, filter.length() - 1)))
                || (leading && value.endsWith(filter.substring(1)))
                || (trailing && value.startsWith(filter.substring(0, filter.length() - 1)))
                || value.equals(filter);
    }

    /** ParamsProcessorUtil.decodeIds: the comma-separated list as given, values not trimmed. */
    private static List<String> decodeIds(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).filter(s -> !s.isEmpty()).toList();
    }

    /** Groovy's String.toBoolean(), which bbb-web applies to publish: true, y or 1, any case. */
    private static boolean groovyToBoolean(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("y") || v.equals("1");
    }

    static Map<String, String> metaParameters(CallParameters params) {
        Map<String, String> meta = new LinkedHashMap<>();
        params.all().forEach((name, value) -> {
            if (name.startsWith(META_PREFIX) && name.length() > META_PREFIX.length()) {
                meta.putIfAbsent(name.substring(META_PREFIX.length()).toLowerCase(Locale.ROOT), value);
            }
        });
        return meta;
    }

    private static ApiAnswer jsonAnswer(String returncode, String messageKey, String message) {
        return ApiAnswer.json("{\"response\":{\"returncode\":" + jsonString(returncode) + ",\"messageKey\":"
                + jsonString(messageKey) + ",\"message\":" + jsonString(message) + "}}").withNoCache();
    }

    static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
