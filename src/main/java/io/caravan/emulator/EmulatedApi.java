package io.caravan.emulator;

import io.caravan.bbb.Checksum;
import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.bbb.MetadataFilter;
import io.caravan.bbb.MultipartForm;
import io.caravan.bbb.RecordingsPaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The BBB API semantics of one emulated node: checksum checking, the meetings it hosts and the answers bbb-web gives.
 * It knows nothing about HTTP or faults; {@link EmulatedNode} feeds it decoded calls and writes its answers. Calls
 * arrive on an event loop while tests inspect from their own threads, so all state is in concurrent structures.
 */
final class EmulatedApi {

    /** bbb-web's default when {@code dialNumber} is not given (bigbluebutton.properties). */
    private static final String DEFAULT_DIAL_NUMBER = "613-555-1234";
    private static final String META_PREFIX = "meta_";
    private static final String TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** bbb-web's date format, e.g. {@code Wed Aug 11 14:54:05 UTC 2021} (Java's {@code Date.toString}). */
    private static final DateTimeFormatter CREATE_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.US).withZone(ZoneId.of("UTC"));

    private final String secret;
    private final Supplier<String> clientJoinUrl;
    private final ConcurrentMap<String, EmulatedMeeting> meetings = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, EmulatedRecording> recordings = new ConcurrentHashMap<>();
    private volatile boolean paging = true;

    /**
     * @param clientJoinUrl where {@code join} sends users (the HTML5 client's join page); a supplier because the port
     *                      is only known once the node listens
     */
    EmulatedApi(String secret, Supplier<String> clientJoinUrl) {
        this.secret = secret;
        this.clientJoinUrl = clientJoinUrl;
    }

    /**
     * The answer to the bare {@code /bigbluebutton/api}, which bbb-web gives without a checksum; load balancers use
     * it as a liveness probe.
     */
    ApiAnswer version(String graphqlHostPort) {
        return ApiAnswer.xml(ResponseXml.success()
                .element("version", "2.0")
                .element("apiVersion", "2.0")
                .element("bbbVersion", "3.0.19")
                .element("html5PluginSdkVersion", "0.0.95")
                .element("graphqlWebsocketUrl", "ws://" + graphqlHostPort + "/graphql")
                .element("graphqlApiUrl", "http://" + graphqlHostPort + "/api/rest")
                .toXml());
    }

    /** A request's body as sent, for the multipart upload of putRecordingTextTrack. */
    record Upload(String contentType, byte[] body) {
    }

    ApiAnswer answer(String call, String rawQuery, CallParameters params) {
        return answer(call, rawQuery, params, new Upload(null, new byte[0]));
    }

    ApiAnswer answer(String call, String rawQuery, CallParameters params, Upload upload) {
        if (!checksumValid(call, rawQuery)) {
            return ApiError.CHECKSUM_ERROR.answer();
        }
        return switch (call) {
            case "create" -> create(params);
            case "join" -> join(params);
            case "end" -> end(params);
            case "isMeetingRunning" -> isMeetingRunning(params);
            case "getMeetingInfo" -> getMeetingInfo(params);
            case "getMeetings" -> getMeetings();
            case "insertDocument" -> insertDocument(params);
            case "sendChatMessage" -> sendChatMessage(params);
            case "getRecordings" -> getRecordings(params);
            case "publishRecordings" -> publishRecordings(params);
            case "deleteRecordings" -> deleteRecordings(params);
            case "updateRecordings" -> updateRecordings(params);
            case "getRecordingTextTracks" -> getRecordingTextTracks(params);
            case "putRecordingTextTrack" -> putRecordingTextTrack(params, upload);
            default -> ApiError.UNSUPPORTED_REQUEST.answer();
        };
    }

    boolean hasMeeting(String meetingID) {
        return meetings.containsKey(meetingID);
    }

    int meetingCount() {
        return meetings.size();
    }

    int attendeeCount() {
        return meetings.values().stream().mapToInt(EmulatedMeeting::attendeeCount).sum();
    }

    void addAttendees(String meetingID, int count) {
        EmulatedMeeting meeting = meetings.get(meetingID);
        if (meeting == null) {
            throw new IllegalArgumentException("no meeting '" + meetingID + "' on this node");
        }
        if (count < 0) {
            throw new IllegalArgumentException("attendee count must not be negative: " + count);
        }
        for (int i = 0; i < count; i++) {
            meeting.join(new Attendee(newUserID(), "Attendee " + (meeting.attendeeCount() + 1), Attendee.Role.VIEWER));
        }
    }

    /**
     * Adds a finished recording of meetingID. A null recordID becomes bbb-web's internal meeting ID form,
     * {@code sha1(meetingID)-createTime}.
     */
    String addRecording(String meetingID, String recordID, boolean published, Map<String, String> metadata,
            long startTime) {
        if (meetingID == null || meetingID.isBlank()) {
            throw new IllegalArgumentException("meetingID must not be blank");
        }
        String id = recordID != null ? recordID : sha1Hex(meetingID) + "-" + startTime;
        EmulatedRecording recording = new EmulatedRecording(id, meetingID, startTime, published,
                metadata == null ? Map.of() : metadata);
        if (recordings.putIfAbsent(id, recording) != null) {
            throw new IllegalArgumentException("recording '" + id + "' exists already");
        }
        return id;
    }

    void paging(boolean supported) {
        paging = supported;
    }

    List<String> textTracks(String recordID) {
        EmulatedRecording recording = recordings.get(recordID);
        return recording == null ? List.of() : recording.tracks().stream()
                .map(t -> t.kind() + " " + t.lang() + " " + t.label()).toList();
    }

    boolean hasRecording(String recordID) {
        return recordings.containsKey(recordID);
    }

    /** The recording's state (published, unpublished), or null when the node does not have it. */
    String recordingState(String recordID) {
        EmulatedRecording recording = recordings.get(recordID);
        return recording == null ? null : recording.state();
    }

    Map<String, String> recordingMetadata(String recordID) {
        EmulatedRecording recording = recordings.get(recordID);
        return recording == null ? Map.of() : recording.metadata();
    }

    void endAllMeetings() {
        meetings.clear();
    }

    private boolean checksumValid(String call, String rawQuery) {
        String received = Checksum.extractFrom(rawQuery);
        if (received == null) {
            return false;
        }
        return ChecksumAlgorithm.ofHexLength(received.length())
                .map(algorithm -> Checksum.matches(
                        Checksum.compute(algorithm, call, Checksum.stripFrom(rawQuery), secret), received))
                .orElse(false);
    }

    private ApiAnswer create(CallParameters params) {
        String meetingID = params.nonBlank("meetingID");
        if (meetingID == null) {
            return ApiError.MISSING_MEETING_ID.answer();
        }
        // putIfAbsent decides atomically which of many simultaneous creates makes the meeting; the others see it as
        // existing, exactly one SUCCESS and the rest duplicateWarning, as bbb-web does
        EmulatedMeeting candidate = newMeeting(meetingID, params);
        EmulatedMeeting existing = meetings.putIfAbsent(meetingID, candidate);
        if (existing == null) {
            return createAnswer(candidate, "", "");
        }
        if (passwordDiffers(params.get("attendeePW"), existing.attendeePW())
                || passwordDiffers(params.get("moderatorPW"), existing.moderatorPW())) {
            return ApiError.ID_NOT_UNIQUE.answer();
        }
        return createAnswer(existing, "duplicateWarning",
                "This conference was already in existence and may currently be in progress.");
    }

    private static boolean passwordDiffers(String given, String existing) {
        return given != null && !given.equals(existing);
    }

    private EmulatedMeeting newMeeting(String meetingID, CallParameters params) {
        long createTime = System.currentTimeMillis();
        Map<String, String> metadata = new LinkedHashMap<>();
        params.all().forEach((name, value) -> {
            if (name.startsWith(META_PREFIX) && name.length() > META_PREFIX.length()) {
                metadata.putIfAbsent(name.substring(META_PREFIX.length()).toLowerCase(Locale.ROOT), value);
            }
        });
        String voiceBridge = params.nonBlank("voiceBridge");
        String dialNumber = params.nonBlank("dialNumber");
        String attendeePW = params.get("attendeePW");
        String moderatorPW = params.get("moderatorPW");
        return new EmulatedMeeting(
                meetingID,
                sha1Hex(meetingID) + "-" + createTime,
                params.get("name") == null ? "" : params.get("name"),
                attendeePW == null ? random(PASSWORD_ALPHABET, 8) : attendeePW,
                moderatorPW == null ? random(PASSWORD_ALPHABET, 8) : moderatorPW,
                createTime,
                CREATE_DATE.format(Instant.ofEpochMilli(createTime)),
                voiceBridge == null ? String.valueOf(ThreadLocalRandom.current().nextInt(10000, 100000)) : voiceBridge,
                dialNumber == null ? DEFAULT_DIAL_NUMBER : dialNumber,
                params.isTrue("record"),
                Math.max(0, params.intValue("maxParticipants", 0)),
                Math.max(0, params.intValue("duration", 0)),
                metadata);
    }

    private static ApiAnswer createAnswer(EmulatedMeeting meeting, String messageKey, String message) {
        return ApiAnswer.xml(ResponseXml.success()
                .element("meetingID", meeting.meetingID())
                .element("internalMeetingID", meeting.internalMeetingID())
                .element("parentMeetingID", "bbb-none")
                .element("attendeePW", meeting.attendeePW())
                .element("moderatorPW", meeting.moderatorPW())
                .element("createTime", meeting.createTime())
                .element("voiceBridge", meeting.voiceBridge())
                .element("dialNumber", meeting.dialNumber())
                .element("createDate", meeting.createDate())
                .element("hasUserJoined", meeting.attendeeCount() > 0)
                .element("duration", meeting.duration())
                .element("hasBeenForciblyEnded", false)
                .element("messageKey", messageKey)
                .element("message", message)
                .toXml());
    }

    private ApiAnswer join(CallParameters params) {
        String meetingID = params.nonBlank("meetingID");
        if (meetingID == null) {
            return ApiError.MISSING_MEETING_ID.answer();
        }
        String fullName = params.nonBlank("fullName");
        if (fullName == null) {
            return ApiError.MISSING_FULL_NAME.answer();
        }
        EmulatedMeeting meeting = meetings.get(meetingID);
        if (meeting == null) {
            return ApiError.INVALID_MEETING_IDENTIFIER.answer();
        }
        Attendee.Role role = roleOf(params, meeting);
        if (role == null) {
            return ApiError.INVALID_PASSWORD.answer();
        }
        Attendee attendee = new Attendee(newUserID(), fullName, role);
        meeting.join(attendee);
        String sessionToken = random(TOKEN_ALPHABET, 16);
        String url = clientJoinUrl.get() + "?sessionToken=" + sessionToken;
        if ("false".equalsIgnoreCase(params.get("redirect"))) {
            return ApiAnswer.xml(ResponseXml.success()
                    .element("messageKey", "successfullyJoined")
                    .element("message", "You have joined successfully.")
                    .element("meeting_id", meeting.internalMeetingID())
                    .element("user_id", attendee.userID())
                    .element("auth_token", random(TOKEN_ALPHABET, 12))
                    .element("session_token", sessionToken)
                    .element("url", url)
                    .toXml());
        }
        return ApiAnswer.redirect(url);
    }

    /**
     * BBB 2.6+ accepts an explicit {@code role}; older clients send a password instead, and bbb-web still honours
     * that. A role it does not know falls back to the password, as bbb-web does. Null means neither identifies a role.
     */
    private static Attendee.Role roleOf(CallParameters params, EmulatedMeeting meeting) {
        String role = params.nonBlank("role");
        if (role != null) {
            for (Attendee.Role known : Attendee.Role.values()) {
                if (known.name().equalsIgnoreCase(role.trim())) {
                    return known;
                }
            }
        }
        String password = params.get("password");
        if (password == null) {
            return null;
        }
        if (password.equals(meeting.moderatorPW())) {
            return Attendee.Role.MODERATOR;
        }
        if (password.equals(meeting.attendeePW())) {
            return Attendee.Role.VIEWER;
        }
        return null;
    }

    private ApiAnswer end(CallParameters params) {
        String meetingID = params.nonBlank("meetingID");
        if (meetingID == null) {
            return ApiError.MISSING_MEETING_ID.answer();
        }
        if (meetings.remove(meetingID) == null) {
            return ApiError.MEETING_NOT_RUNNING.answer();
        }
        return ApiAnswer.xml(ResponseXml.success()
                .element("messageKey", "sentEndMeetingRequest")
                .element("message", "A request to end the meeting was sent.  Please wait a few seconds, and then use "
                        + "the getMeetingInfo or isMeetingRunning API calls to verify that it was ended")
                .toXml());
    }

    private ApiAnswer isMeetingRunning(CallParameters params) {
        String meetingID = params.nonBlank("meetingID");
        if (meetingID == null) {
            return ApiError.MISSING_MEETING_ID.answer();
        }
        EmulatedMeeting meeting = meetings.get(meetingID);
        boolean running = meeting != null && meeting.attendeeCount() > 0;
        return ApiAnswer.xml(ResponseXml.success().element("running", running).toXml());
    }

    private ApiAnswer getMeetingInfo(CallParameters params) {
        String meetingID = params.nonBlank("meetingID");
        if (meetingID == null) {
            return ApiError.MISSING_MEETING_ID.answer();
        }
        EmulatedMeeting meeting = meetings.get(meetingID);
        if (meeting == null) {
            return ApiError.MEETING_INFO_NOT_FOUND.answer();
        }
        ResponseXml xml = ResponseXml.success();
        describe(meeting, xml);
        return ApiAnswer.xml(xml.toXml());
    }

    /** bbb-web's answer when a list call finds nothing: SUCCESS, the empty list, and why. */
    private static ApiAnswer emptyList(String list, String messageKey, String message) {
        return ApiAnswer.xml(ResponseXml.success().empty(list).element("messageKey", messageKey)
                .element("message", message).toXml());
    }

    private ApiAnswer getMeetings() {
        List<EmulatedMeeting> all = meetings.values().stream()
                .sorted((a, b) -> Long.compare(a.createTime(), b.createTime()))
                .toList();
        if (all.isEmpty()) {
            return emptyList("meetings", "noMeetings", "no meetings were found on this server");
        }
        ResponseXml xml = ResponseXml.success().start("meetings");
        for (EmulatedMeeting meeting : all) {
            xml.start("meeting");
            describe(meeting, xml);
            xml.end();
        }
        return ApiAnswer.xml(xml.end().toXml());
    }

    /** The meeting fields shared by getMeetingInfo (at top level) and getMeetings (inside each meeting). */
    private static void describe(EmulatedMeeting meeting, ResponseXml xml) {
        List<Attendee> attendees = meeting.attendees();
        boolean joined = !attendees.isEmpty();
        long moderators = attendees.stream().filter(a -> a.role() == Attendee.Role.MODERATOR).count();
        xml.element("meetingName", meeting.name())
                .element("meetingID", meeting.meetingID())
                .element("internalMeetingID", meeting.internalMeetingID())
                .element("createTime", meeting.createTime())
                .element("createDate", meeting.createDate())
                .element("voiceBridge", meeting.voiceBridge())
                .element("dialNumber", meeting.dialNumber())
                .element("attendeePW", meeting.attendeePW())
                .element("moderatorPW", meeting.moderatorPW())
                .element("running", joined)
                .element("duration", meeting.duration())
                .element("hasUserJoined", joined)
                .element("recording", meeting.recording())
                .element("hasBeenForciblyEnded", false)
                .element("startTime", meeting.createTime())
                .element("endTime", 0)
                .element("participantCount", attendees.size())
                .element("listenerCount", 0)
                .element("voiceParticipantCount", 0)
                .element("videoCount", 0)
                .element("maxUsers", meeting.maxUsers())
                .element("moderatorCount", moderators);
        xml.start("attendees");
        for (Attendee attendee : attendees) {
            xml.start("attendee")
                    .element("userID", attendee.userID())
                    .element("fullName", attendee.fullName())
                    .element("role", attendee.role().name())
                    .element("isPresenter", false)
                    .element("isListeningOnly", false)
                    .element("hasJoinedVoice", false)
                    .element("hasVideo", false)
                    .element("clientType", "HTML5")
                    .element("customdata", null)
                    .end();
        }
        xml.end();
        xml.start("metadata");
        meeting.metadata().forEach((key, value) -> {
            if (ResponseXml.isElementName(key)) {
                xml.element(key, value);
            }
        });
        xml.end();
        xml.element("isBreakout", false);
    }

    private ApiAnswer insertDocument(CallParameters params) {
        String meetingID = params.nonBlank("meetingID");
        if (meetingID == null) {
            return ApiError.MISSING_MEETING_ID.answer();
        }
        if (!meetings.containsKey(meetingID)) {
            return ApiError.MEETING_NOT_RUNNING.answer();
        }
        return ApiAnswer.xml(ResponseXml.success().element("message", "Presentation is being uploaded").toXml());
    }

    private ApiAnswer sendChatMessage(CallParameters params) {
        String meetingID = params.nonBlank("meetingID");
        if (meetingID == null) {
            return ApiError.MISSING_MEETING_ID.answer();
        }
        if (!meetings.containsKey(meetingID)) {
            return ApiError.CHAT_MEETING_NOT_FOUND.answer();
        }
        if (params.nonBlank("message") == null) {
            return ApiError.MISSING_CHAT_MESSAGE.answer();
        }
        return ApiAnswer.xml(ResponseXml.success().element("messageKey", "").element("message", "").toXml());
    }

    /**
     * getRecordings with bbb-web's filters, oldest first. With a limit (bbb-web 2.6+) one page: limit clamped to
     * 1..100, offset below 0 or not a number is 0, and {@code <totalElements>} closes the answer; a limit that is not
     * a number means no paging. bbb-web fails on an offset past the end; this node answers an empty page.
     */
    private ApiAnswer getRecordings(CallParameters params) {
        List<String> meetingIDs = commaList(params.get("meetingID"));
        List<String> recordIDs = commaList(params.get("recordID"));
        List<String> states = commaList(params.get("state"));
        boolean anyState = states.contains("any");
        Map<String, String> metaFilter = metaParameters(params);
        List<EmulatedRecording> found = recordings.values().stream()
                .filter(r -> meetingIDs.isEmpty() || meetingIDs.contains(r.meetingID()))
                .filter(r -> recordIDs.isEmpty() || recordIDs.stream().anyMatch(r.recordID()::startsWith))
                .filter(r -> anyState || (states.isEmpty() ? List.of("published", "unpublished") : states)
                        .contains(r.state()))
                .filter(r -> MetadataFilter.matchesAll(metaFilter, r.metadata()))
                .sorted((a, b) -> Long.compare(a.startTime(), b.startTime()))
                .toList();
        Optional<RecordingsPaging> asked = paging ? RecordingsPaging.of(params.get("limit"), params.get("offset"))
                : Optional.empty();
        List<EmulatedRecording> page = asked.map(p -> p.page(found)).orElse(found);
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
        String playbackHost = clientJoinUrl.get().replaceFirst("/html5client/join$", "");
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

    private ApiAnswer publishRecordings(CallParameters params) {
        String publish = params.nonBlank("publish");
        return changeRecordings(params, publish == null ? ApiError.MISSING_PUBLISH : null, found -> {
            boolean published = Boolean.parseBoolean(publish.trim());
            found.forEach(r -> r.publish(published));
            return ResponseXml.success().element("published", published);
        });
    }

    private ApiAnswer deleteRecordings(CallParameters params) {
        return changeRecordings(params, null, found -> {
            found.forEach(r -> recordings.remove(r.recordID()));
            return ResponseXml.success().element("deleted", true);
        });
    }

    private ApiAnswer updateRecordings(CallParameters params) {
        return changeRecordings(params, null, found -> {
            Map<String, String> changes = metaParameters(params);
            found.forEach(r -> r.updateMetadata(changes));
            return ResponseXml.success().element("updated", true);
        });
    }

    /**
     * A change of the recordings named by recordID, refused in bbb-web's order: no recordID, then the call's own
     * missing parameter (when not null), then none of them found.
     */
    private ApiAnswer changeRecordings(CallParameters params, ApiError missingParameter,
            Function<List<EmulatedRecording>, ResponseXml> change) {
        List<String> recordIDs = commaList(params.get("recordID"));
        if (recordIDs.isEmpty()) {
            return ApiError.MISSING_RECORD_ID.answer();
        }
        if (missingParameter != null) {
            return missingParameter.answer();
        }
        List<EmulatedRecording> found = existing(recordIDs);
        if (found.isEmpty()) {
            return ApiError.RECORDINGS_NOT_FOUND.answer();
        }
        return ApiAnswer.xml(change.apply(found).toXml());
    }

    /**
     * bbb-web's getRecordingTextTracks: JSON, except its missing-recordID error, which RecordingController renders
     * through the XML block of invalid().
     */
    private ApiAnswer getRecordingTextTracks(CallParameters params) {
        String recordID = params.nonBlank("recordID");
        if (recordID == null) {
            return ApiAnswer.xml(ResponseXml.failed().element("messageKey", "missingParamRecordID")
                    .element("message", "You must specify a recordID.").toXml());
        }
        EmulatedRecording recording = recordings.get(recordID.strip());
        if (recording == null) {
            return jsonAnswer("FAILED", "noRecordings", "No recording found for " + recordID.strip());
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
        return ApiAnswer.json(json.append("]}}").toString());
    }

    /**
     * bbb-web's putRecordingTextTrack: recordID, kind, lang and label from the query or the multipart fields, the
     * track from the multipart part "file". bbb-web processes uploads in the background; this node lists the track
     * at once.
     */
    private ApiAnswer putRecordingTextTrack(CallParameters params, Upload upload) {
        List<MultipartForm.Part> parts = MultipartForm.parts(upload.body(), upload.contentType());
        String recordID = param(params, parts, "recordID");
        if (recordID == null) {
            return jsonAnswer("FAILED", "paramError", "Missing param recordID.");
        }
        String kind = param(params, parts, "kind");
        if (kind == null) {
            return jsonAnswer("FAILED", "paramError", "Missing param kind.");
        }
        if (!kind.equals("subtitles") && !kind.equals("captions")) {
            return jsonAnswer("FAILED", "invalidKind", "The kind parameter is not set to a permitted value.");
        }
        String lang = param(params, parts, "lang");
        if (lang == null) {
            return jsonAnswer("FAILED", "paramError", "Missing param lang.");
        }
        if (!lang.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
            return jsonAnswer("FAILED", "invalidLang", "The lang parameter is not a well-formed language tag.");
        }
        String label = param(params, parts, "label");
        MultipartForm.Part file = parts.stream().filter(p -> p.name().equals("file") && p.filename() != null)
                .findFirst().orElse(null);
        if (file == null || file.content().length == 0) {
            return jsonAnswer("FAILED", "empty_uploaded_text_track", "Empty uploaded text track.");
        }
        EmulatedRecording recording = recordings.get(recordID);
        if (recording == null) {
            return jsonAnswer("FAILED", "noRecordings", "No recording found for " + recordID);
        }
        String host = clientJoinUrl.get().replaceFirst("/html5client/join$", "");
        recording.putTrack(new EmulatedRecording.TextTrack(kind, lang, label == null ? lang : label, "upload",
                host + "/bigbluebutton/textTrack/" + random(TOKEN_ALPHABET, 40) + "/" + recordID + "/" + kind + "_" + lang
                        + ".vtt"));
        return ApiAnswer.json("{\"response\":{\"messageKey\":\"upload_text_track_success\","
                + "\"message\":\"Text track uploaded successfully\",\"recordId\":" + jsonString(recordID)
                + ",\"returncode\":\"SUCCESS\"}}");
    }

    /** A parameter from the query, else from a plain multipart field; blank counts as missing, as in bbb-web. */
    private static String param(CallParameters params, List<MultipartForm.Part> parts, String name) {
        String value = params.nonBlank(name);
        if (value == null) {
            value = parts.stream().filter(p -> p.name().equals(name) && p.filename() == null)
                    .map(MultipartForm.Part::text).filter(v -> !v.isBlank()).findFirst().orElse(null);
        }
        return value == null ? null : value.strip();
    }

    private static ApiAnswer jsonAnswer(String returncode, String messageKey, String message) {
        return ApiAnswer.json("{\"response\":{\"returncode\":" + jsonString(returncode) + ",\"messageKey\":"
                + jsonString(messageKey) + ",\"message\":" + jsonString(message) + "}}");
    }

    private static String jsonString(String text) {
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

    /** The recordings this node has among recordIDs; bbb-web acts on those it finds and ignores the rest. */
    private List<EmulatedRecording> existing(List<String> recordIDs) {
        return recordIDs.stream().map(recordings::get).filter(Objects::nonNull).toList();
    }

    private static List<String> commaList(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, String> metaParameters(CallParameters params) {
        Map<String, String> meta = new LinkedHashMap<>();
        params.all().forEach((name, value) -> {
            if (name.startsWith(META_PREFIX) && name.length() > META_PREFIX.length()) {
                meta.putIfAbsent(name.substring(META_PREFIX.length()).toLowerCase(Locale.ROOT), value);
            }
        });
        return meta;
    }

    /** bbb-web's internal user ids: {@code w_} and twelve lower-case alphanumerics. */
    private static String newUserID() {
        return "w_" + random(TOKEN_ALPHABET, 12);
    }

    private static String random(String alphabet, int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JVM without SHA-1", e);
        }
    }
}
