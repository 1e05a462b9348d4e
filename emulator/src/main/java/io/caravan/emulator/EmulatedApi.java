package io.caravan.emulator;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The BBB API semantics of one emulated node: bbb-web's request validation, the meetings and user sessions it holds
 * and the answers it gives. It knows nothing about HTTP or faults; {@link EmulatedNode} feeds it decoded calls and
 * writes its answers. Calls arrive on an event loop while tests inspect from their own threads, so all state is in
 * concurrent structures. The rules and their sources in bbb-web are listed in docs/BBB-WEB-RULES.md.
 */
final class EmulatedApi {

    /** bbb-web's default when {@code dialNumber} is not given (bigbluebutton.properties). */
    private static final String DEFAULT_DIAL_NUMBER = "613-555-1234";
    private static final String TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** bbb-web's date format, e.g. {@code Wed Aug 11 14:54:05 UTC 2021} (Java's {@code Date.toString}). */
    private static final DateTimeFormatter CREATE_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.US).withZone(ZoneId.of("UTC"));
    /** The HTTP methods bbb-web's UrlMappings take per call; another method gets Grails' 405. */
    private static final Map<String, Set<String>> METHODS = methods();

    private final String secret;
    private final Supplier<String> serverUrl;
    private final ConcurrentMap<String, EmulatedMeeting> meetings = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, UserSession> sessions = new ConcurrentHashMap<>();
    /** The public chat messages each meeting received by meetingID, kept after it ends so that tests can read them. */
    private final ConcurrentMap<String, List<ChatMessage>> chats = new ConcurrentHashMap<>();
    private final RecordingCalls recordingCalls;
    private final RequestValidation validation;
    /** bbb-webhooks beside bbb-web: told of meetings created and ended, joins and recordings published. */
    private final NodeWebhooks webhooks;

    /**
     * @param serverUrl this node's URL without path (bbb-web's serverURL, which is also its default logout URL and
     *                  the host of the HTML5 client); a supplier because the port is only known once the node listens
     */
    EmulatedApi(String secret, Supplier<String> serverUrl, NodeWebhooks webhooks) {
        this.secret = secret;
        this.webhooks = webhooks;
        this.serverUrl = serverUrl;
        this.recordingCalls = new RecordingCalls(secret, serverUrl);
        this.validation = new RequestValidation(secret, this::findMeeting, sessions::get);
    }

    private static Map<String, Set<String>> methods() {
        Map<String, Set<String>> methods = new HashMap<>();
        Set<String> both = Set.of("GET", "POST");
        for (String call : List.of("create", "isMeetingRunning", "end", "getMeetingInfo", "getMeetings",
                "getSessions", "getJoinUrl", "getRecordings", "updateRecordings", "getRecordingTextTracks")) {
            methods.put(call, both);
        }
        for (String call : List.of("join", "sendChatMessage", "publishRecordings", "deleteRecordings")) {
            methods.put(call, Set.of("GET"));
        }
        for (String call : List.of("insertDocument", "putRecordingTextTrack")) {
            methods.put(call, Set.of("POST"));
        }
        return Map.copyOf(methods);
    }

    /**
     * The answer to the bare {@code /bigbluebutton/api}, which bbb-web gives without a checksum; load balancers use
     * it as a liveness probe. A request whose Content-Type header is exactly application/json gets it as JSON.
     */
    ApiAnswer version(String graphqlHostPort, String contentType) {
        String websocket = "ws://" + graphqlHostPort + "/graphql";
        String rest = "http://" + graphqlHostPort + "/api/rest";
        if ("application/json".equals(contentType)) {
            return ApiAnswer.json("{\n    \"response\": {\n"
                    + "        \"returncode\": \"SUCCESS\",\n"
                    + "        \"version\": \"2.0\",\n"
                    + "        \"apiVersion\": \"2.0\",\n"
                    + "        \"bbbVersion\": \"3.0.19\",\n"
                    + "        \"graphqlWebsocketUrl\": \"" + websocket + "\",\n"
                    + "        \"graphqlApiUrl\": \"" + rest + "\",\n"
                    + "        \"html5PluginSdkVersion\": \"0.0.95\"\n"
                    + "    }\n}").withNoCache();
        }
        return ApiAnswer.xml(ResponseXml.success()
                .element("version", "2.0")
                .element("apiVersion", "2.0")
                .element("bbbVersion", "3.0.19")
                .element("html5PluginSdkVersion", "0.0.95")
                .element("graphqlWebsocketUrl", websocket)
                .element("graphqlApiUrl", rest)
                .toXml()).withNoCache();
    }

    ApiAnswer answer(ApiCall call) {
        Set<String> methods = METHODS.get(call.name());
        if (methods == null) {
            return ApiAnswer.httpError(404, "Not Found");
        }
        if (!methods.contains(call.method())) {
            return ApiAnswer.httpError(405, "Method Not Allowed");
        }
        return switch (call.name()) {
            case "create" -> create(call);
            case "join" -> join(call);
            case "end" -> end(call);
            case "isMeetingRunning" -> isMeetingRunning(call);
            case "getMeetingInfo" -> getMeetingInfo(call);
            case "getMeetings" -> getMeetings(call);
            case "getSessions" -> getSessions(call);
            case "insertDocument" -> insertDocument(call);
            case "sendChatMessage" -> sendChatMessage(call);
            case "getJoinUrl" -> getJoinUrl(call);
            case "getRecordings" -> recordingCalls.getRecordings(call);
            case "publishRecordings" -> recordingCalls.publishRecordings(call);
            case "deleteRecordings" -> recordingCalls.deleteRecordings(call);
            case "updateRecordings" -> recordingCalls.updateRecordings(call);
            case "getRecordingTextTracks" -> recordingCalls.getRecordingTextTracks(call);
            case "putRecordingTextTrack" -> recordingCalls.putRecordingTextTrack(call);
            default -> throw new IllegalStateException("mapped call without handler: " + call.name());
        };
    }

    // ---- inspection for tests -----------------------------------------------------------------------------------

    /** The messages meetingID's public chat received through sendChatMessage, oldest first. */
    List<ChatMessage> chat(String meetingID) {
        return List.copyOf(chats.getOrDefault(meetingID, List.of()));
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
            String userID = newUserID();
            Attendee attendee = new Attendee(userID, userID, "Attendee " + (meeting.attendeeCount() + 1),
                    Attendee.Role.VIEWER);
            meeting.join(attendee);
            webhooks.userJoined(meeting, attendee);
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
        if (recordingCalls.recordings().putIfAbsent(id, recording) != null) {
            throw new IllegalArgumentException("recording '" + id + "' exists already");
        }
        EmulatedMeeting meeting = meetings.get(meetingID);
        if (published && meeting != null) {
            webhooks.rapPublishEnded(meeting, id);
        }
        return id;
    }

    void paging(boolean supported) {
        recordingCalls.paging(supported);
    }

    List<String> textTracks(String recordID) {
        EmulatedRecording recording = recordingCalls.recordings().get(recordID);
        return recording == null ? List.of() : recording.tracks().stream()
                .map(t -> t.kind() + " " + t.lang() + " " + t.label()).toList();
    }

    boolean hasRecording(String recordID) {
        return recordingCalls.recordings().containsKey(recordID);
    }

    /** The recording's state (published, unpublished), or null when the node does not have it. */
    String recordingState(String recordID) {
        EmulatedRecording recording = recordingCalls.recordings().get(recordID);
        return recording == null ? null : recording.state();
    }

    Map<String, String> recordingMetadata(String recordID) {
        EmulatedRecording recording = recordingCalls.recordings().get(recordID);
        return recording == null ? Map.of() : recording.metadata();
    }

    void endAllMeetings() {
        meetings.values().forEach(webhooks::meetingEnded);
        meetings.clear();
        sessions.clear();
    }

    // ---- lookups ------------------------------------------------------------------------------------------------

    /**
     * bbb-web's ServiceUtils.findMeetingFromMeetingID: the ID is first taken as an internal meeting ID, and
     * MeetingService matches internal IDs by prefix; only when nothing matches is it converted, {@code sha1(id)},
     * and matched by prefix again, which finds {@code sha1(id)-createTime}. So calls accept internal meeting IDs.
     */
    private EmulatedMeeting findMeeting(String meetingID) {
        if (meetingID == null) {
            return null;
        }
        return byInternalPrefix(meetingID).or(() -> byInternalPrefix(sha1Hex(meetingID))).orElse(null);
    }

    private Optional<EmulatedMeeting> byInternalPrefix(String prefix) {
        return meetings.values().stream().filter(m -> m.internalMeetingID().startsWith(prefix)).findFirst();
    }

    private String defaultLogoutUrl() {
        return serverUrl.get();
    }

    private String clientUrl() {
        return serverUrl.get() + "/html5client/join";
    }

    // ---- create -------------------------------------------------------------------------------------------------

    private ApiAnswer create(ApiCall call) {
        Optional<ApiError> refused = validation.create(call);
        if (refused.isPresent()) {
            return refused.get().answer();
        }
        CallParameters params = call.params();
        String meetingID = params.get("meetingID");
        // an absent meetingID passes validation; ApiController then compares it with its sanitised form
        if (meetingID == null || !meetingID.equals(CallParameters.sanitize(meetingID))) {
            return ApiError.INVALID_MEETING_ID.answer();
        }
        if (Boolean.parseBoolean(params.get("isBreakout"))) {
            String parent = params.get("parentMeetingID");
            if (parent == null || parent.isEmpty()) {
                return new ApiError("parentMeetingIDMissing", "No parent meeting ID was provided for the breakout room")
                        .answer();
            }
            if (findMeeting(parent) == null) {
                return new ApiError("parentMeetingDoesNotExist", "No parent meeting exists for the breakout room")
                        .answer();
            }
        }
        if (xmlModules(call).isEmpty()) {
            return ApiError.MALFORMED_XML.answer();
        }
        // putIfAbsent decides atomically which of many simultaneous creates makes the meeting; the others see it as
        // existing, exactly one SUCCESS and the rest duplicateWarning, as bbb-web does
        EmulatedMeeting candidate = newMeeting(meetingID, params);
        EmulatedMeeting existing = meetings.putIfAbsent(meetingID, candidate);
        if (existing == null) {
            webhooks.meetingCreated(candidate);
            return createAnswer(candidate, "", "");
        }
        String attendeePW = params.get("attendeePW");
        String moderatorPW = params.get("moderatorPW");
        boolean samePasswords = existing.attendeePW().equals(attendeePW) && existing.moderatorPW().equals(moderatorPW);
        boolean noPasswords = isEmpty(attendeePW) && isEmpty(moderatorPW);
        if (!samePasswords && !noPasswords) {
            return ApiError.ID_NOT_UNIQUE.answer();
        }
        return createAnswer(existing, "duplicateWarning",
                "This conference was already in existence and may currently be in progress.");
    }

    private EmulatedMeeting newMeeting(String meetingID, CallParameters params) {
        long createTime = System.currentTimeMillis();
        String voiceBridge = params.nonBlank("voiceBridge");
        String dialNumber = params.nonBlank("dialNumber");
        String attendeePW = params.get("attendeePW");
        String moderatorPW = params.get("moderatorPW");
        // ParamsProcessorUtil#processCreateParams: disabledFeaturesExclude takes features back out of disabledFeatures
        Set<String> disabled = new java.util.HashSet<>(featureList(params.get("disabledFeatures")));
        disabled.removeAll(featureList(params.get("disabledFeaturesExclude")));
        EmulatedMeeting parent = Boolean.parseBoolean(params.get("isBreakout"))
                ? findMeeting(params.get("parentMeetingID")) : null;
        EmulatedMeeting.Options options = new EmulatedMeeting.Options(GuestPolicy.of(params.get("guestPolicy")),
                disabled, Boolean.parseBoolean(params.get("allowRequestsWithoutSession")),
                parent == null ? null : parent.internalMeetingID());
        return new EmulatedMeeting(
                meetingID,
                sha1Hex(meetingID) + "-" + createTime,
                params.get("name") == null ? "" : params.get("name"),
                isEmpty(attendeePW) ? random(PASSWORD_ALPHABET, 8) : attendeePW,
                isEmpty(moderatorPW) ? random(PASSWORD_ALPHABET, 8) : moderatorPW,
                createTime,
                CREATE_DATE.format(Instant.ofEpochMilli(createTime)),
                voiceBridge == null ? String.valueOf(ThreadLocalRandom.current().nextInt(10000, 100000)) : voiceBridge,
                dialNumber == null ? DEFAULT_DIAL_NUMBER : dialNumber,
                params.isTrue("record"),
                Math.max(0, params.intValue("maxParticipants", 0)),
                Math.max(0, params.intValue("duration", 0)),
                RecordingCalls.metaParameters(params),
                options);
    }

    private static Set<String> featureList(String list) {
        return list == null ? Set.of() : Arrays.stream(list.split(",")).map(String::trim)
                .filter(f -> !f.isEmpty()).collect(Collectors.toSet());
    }

    private static ApiAnswer createAnswer(EmulatedMeeting meeting, String messageKey, String message) {
        return ApiAnswer.xml(ResponseXml.success()
                .element("meetingID", meeting.meetingID())
                .element("internalMeetingID", meeting.internalMeetingID())
                .element("parentMeetingID", meeting.parentMeetingID() == null ? "bbb-none"
                        : meeting.parentMeetingID())
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
                .toXml()).withNoCache();
    }

    /**
     * The modules of an XML request body by name; empty when the body is XML but malformed. A request without an XML
     * body has no modules.
     */
    private static Optional<Map<String, Element>> xmlModules(ApiCall call) {
        Map<String, Element> modules = new LinkedHashMap<>();
        String type = call.mediaType();
        boolean xml = "application/xml".equals(type) || "text/xml".equals(type);
        if (!xml || call.body().length == 0) {
            return Optional.of(modules);
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(call.body()));
            NodeList children = document.getDocumentElement().getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element module) {
                    modules.putIfAbsent(module.getAttribute("name"), module);
                }
            }
            return Optional.of(modules);
        } catch (SAXException | IOException e) {
            return Optional.empty();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("JDK XML parser without secure processing", e);
        }
    }

    // ---- join ---------------------------------------------------------------------------------------------------

    /**
     * bbb-web's join: validation failures always redirect the browser with the errors in the URL (the redirect
     * parameter is read only afterwards); later refusals redirect unless redirect=false, then they are XML.
     */
    private ApiAnswer join(ApiCall call) {
        CallParameters params = call.params();
        Optional<ApiError> refused = validation.join(call);
        if (refused.isPresent()) {
            return JoinErrorRedirect.of(refused.get(), params, defaultLogoutUrl());
        }
        String fullName = params.get("fullName");
        EmulatedMeeting meeting = findMeeting(params.get("meetingID"));
        if (fullName == null || meeting == null) {
            // an absent fullName passes validation and then fails in ApiController (stripControlChars(null))
            return ApiAnswer.httpError(500, "Internal Server Error");
        }
        boolean redirect = isEmpty(params.get("redirect")) || Boolean.parseBoolean(params.get("redirect"));
        Function<ApiError, ApiAnswer> refuse = error -> redirect
                ? JoinErrorRedirect.of(error, params, defaultLogoutUrl()) : error.answer();
        String createTime = params.get("createTime");
        if (createTime != null && parseLong(createTime) != meeting.createTime()) {
            return refuse.apply(ApiError.CREATE_TIME_MISMATCH);
        }
        RoleOrRefusal role = roleOf(params, meeting);
        if (role.refusal() != null) {
            // rendered as a plain XML error whatever redirect says
            return role.refusal().answer();
        }
        Attendee.Role attendeeRole = role.role();
        String internalUserID = newUserID();
        String externalUserID = isEmpty(params.get("userID")) ? internalUserID : params.get("userID");
        String guestStatus = meeting.guestPolicy().statusFor(attendeeRole, params.get("guest"), params.get("auth"));
        if (meeting.isFullFor(externalUserID)) {
            return refuse.apply(ApiError.MAX_PARTICIPANTS);
        }
        String name = fullName.replaceAll("\\p{Cc}", "");
        String sessionToken = random(TOKEN_ALPHABET, 16);
        // bbb-web keeps a user session for every join that gets this far, denied guests included
        sessions.put(sessionToken, new UserSession(sessionToken, internalUserID, externalUserID, name, attendeeRole,
                meeting.internalMeetingID(), meeting.meetingID(), meeting.name(), guestStatus, System.nanoTime()));
        if (guestStatus.equals("DENY")) {
            return refuse.apply(ApiError.GUEST_DENIED);
        }
        // a waiting guest sits in the lobby: not an attendee, so the meeting does not run because of them
        Attendee attendee = new Attendee(internalUserID, externalUserID, name, attendeeRole);
        if (guestStatus.equals("ALLOW") && !meeting.joinUnlessFull(attendee)) {
            return refuse.apply(ApiError.MAX_PARTICIPANTS);
        }
        if (guestStatus.equals("ALLOW")) {
            webhooks.userJoined(meeting, attendee);
        }
        String url = clientUrl() + "?sessionToken=" + sessionToken;
        if (redirect) {
            return ApiAnswer.redirect(url);
        }
        return ApiAnswer.xml(ResponseXml.success()
                .element("messageKey", "successfullyJoined")
                .element("message", "You have joined successfully.")
                .element("meeting_id", meeting.internalMeetingID())
                .element("user_id", internalUserID)
                .element("auth_token", random(TOKEN_ALPHABET, 12))
                .element("session_token", sessionToken)
                .element("guestStatus", guestStatus)
                .element("url", url)
                .toXml()).withNoCache();
    }

    /** Exactly one of the two is set. */
    private record RoleOrRefusal(Attendee.Role role, ApiError refusal) {

        static RoleOrRefusal of(Attendee.Role role) {
            return new RoleOrRefusal(role, null);
        }

        static RoleOrRefusal refused(ApiError refusal) {
            return new RoleOrRefusal(null, refusal);
        }
    }

    /**
     * bbb-web 2.6+ takes an explicit {@code role} (moderator or viewer, any case) before the password; otherwise the
     * password must be one of the meeting's. The refusals all have the message key "Params required".
     */
    private static RoleOrRefusal roleOf(CallParameters params, EmulatedMeeting meeting) {
        String role = params.get("role");
        if (role != null && !role.isEmpty()) {
            String lower = role.toLowerCase(Locale.ROOT);
            if (lower.equals("moderator")) {
                return RoleOrRefusal.of(Attendee.Role.MODERATOR);
            }
            if (lower.equals("viewer")) {
                return RoleOrRefusal.of(Attendee.Role.VIEWER);
            }
        }
        String password = params.get("password");
        if (isEmpty(password)) {
            return RoleOrRefusal.refused(ApiError.NO_ROLE_NO_PASSWORD);
        }
        if (meeting.moderatorPW().isEmpty() || meeting.attendeePW().isEmpty()) {
            return RoleOrRefusal.refused(ApiError.NO_PASSWORDS_NO_ROLE);
        }
        if (password.equals(meeting.moderatorPW())) {
            return RoleOrRefusal.of(Attendee.Role.MODERATOR);
        }
        if (password.equals(meeting.attendeePW())) {
            return RoleOrRefusal.of(Attendee.Role.VIEWER);
        }
        return RoleOrRefusal.refused(ApiError.WRONG_PASSWORD);
    }

    // ---- end, isMeetingRunning, getMeetingInfo, getMeetings, getSessions ----------------------------------------

    private ApiAnswer end(ApiCall call) {
        Optional<ApiError> refused = validation.end(call);
        if (refused.isPresent()) {
            return refused.get().answer();
        }
        EmulatedMeeting meeting = findMeeting(call.params().get("meetingID"));
        if (meeting == null) {
            return ApiAnswer.httpError(500, "Internal Server Error");
        }
        if (meetings.remove(meeting.meetingID(), meeting)) {
            webhooks.meetingEnded(meeting);
        }
        sessions.values().removeIf(s -> s.internalMeetingID().equals(meeting.internalMeetingID()));
        return ApiAnswer.xml(ResponseXml.success()
                .element("messageKey", "sentEndMeetingRequest")
                .element("message", "A request to end the meeting was sent.  Please wait a few seconds, and then use "
                        + "the getMeetingInfo or isMeetingRunning API calls to verify that it was ended.")
                .toXml()).withNoCache();
    }

    private ApiAnswer isMeetingRunning(ApiCall call) {
        Optional<ApiError> refused = validation.isMeetingRunning(call);
        if (refused.isPresent()) {
            return refused.get().answer();
        }
        String meetingID = call.params().get("meetingID");
        if (meetingID == null) {
            // passes validation, then bbb-web converts null to an internal ID and fails
            return ApiAnswer.httpError(500, "Internal Server Error");
        }
        EmulatedMeeting meeting = findMeeting(meetingID);
        boolean running = meeting != null && meeting.attendeeCount() > 0;
        return ApiAnswer.xml(ResponseXml.success().element("running", running).toXml()).withNoCache();
    }

    /** bbb-web adds no Cache-Control header to this answer. */
    private ApiAnswer getMeetingInfo(ApiCall call) {
        Optional<ApiError> refused = validation.getMeetingInfo(call);
        if (refused.isPresent()) {
            return refused.get().answer();
        }
        EmulatedMeeting meeting = findMeeting(call.params().get("meetingID"));
        if (meeting == null) {
            return ApiAnswer.httpError(500, "Internal Server Error");
        }
        ResponseXml xml = ResponseXml.success();
        describe(meeting, xml);
        return ApiAnswer.xml(xml.toXml());
    }

    private ApiAnswer getMeetings(ApiCall call) {
        Optional<ApiError> refused = validation.simple(call);
        if (refused.isPresent()) {
            return refused.get().answer();
        }
        List<EmulatedMeeting> all = meetings.values().stream()
                .sorted(Comparator.comparingLong(EmulatedMeeting::createTime))
                .toList();
        if (all.isEmpty()) {
            return ApiAnswer.xml(ResponseXml.success().empty("meetings").element("messageKey", "noMeetings")
                    .element("message", "no meetings were found on this server").toXml()).withNoCache();
        }
        ResponseXml xml = ResponseXml.success().start("meetings");
        for (EmulatedMeeting meeting : all) {
            xml.start("meeting");
            describe(meeting, xml);
            xml.end();
        }
        return ApiAnswer.xml(xml.end().toXml()).withNoCache();
    }

    /** One {@code <meeting>} per user session (FTL get-sessions), the meeting by its internal ID. */
    private ApiAnswer getSessions(ApiCall call) {
        Optional<ApiError> refused = validation.simple(call);
        if (refused.isPresent()) {
            return refused.get().answer();
        }
        List<UserSession> all = sessions.values().stream()
                .sorted(Comparator.comparingLong(UserSession::createdNanos)).toList();
        if (all.isEmpty()) {
            // the typo is bbb-web 3.0's (and the fixture's)
            return ApiAnswer.xml(ResponseXml.success().empty("sessions").element("messageKey", "noSessions")
                    .element("message", "no sessions were found on this serverr").toXml()).withNoCache();
        }
        ResponseXml xml = ResponseXml.success().start("sessions");
        for (UserSession session : all) {
            xml.start("meeting")
                    .element("meetingID", session.internalMeetingID())
                    .element("meetingName", session.meetingName())
                    .element("userName", session.fullName())
                    .end();
        }
        return ApiAnswer.xml(xml.end().toXml()).withNoCache();
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
        xml.element("isBreakout", meeting.parentMeetingID() != null);
    }

    // ---- insertDocument, sendChatMessage, getJoinUrl ------------------------------------------------------------

    /** bbb-web's insertDocument answers have a message but no messageKey, and no Cache-Control header. */
    private ApiAnswer insertDocument(ApiCall call) {
        Optional<ApiError> refused = validation.insertDocument(call);
        if (refused.isPresent()) {
            return refused.get().answer();
        }
        String meetingID = call.params().get("meetingID");
        if (meetingID == null) {
            return ApiAnswer.httpError(500, "Internal Server Error");
        }
        EmulatedMeeting meeting = findMeeting(meetingID);
        if (meeting == null) {
            return documentAnswer("FAILED", "Meeting with id [" + meetingID + "] not found.");
        }
        Optional<Map<String, Element>> modules = xmlModules(call);
        if (modules.isEmpty()) {
            return ApiError.MALFORMED_XML.answer();
        }
        if (meeting.isDisabled("presentation")) {
            return documentAnswer("FAILED", "Presentation feature is disabled, ignoring.");
        }
        Element presentation = modules.get().get("presentation");
        if (presentation == null) {
            return documentAnswer("FAILED", "Request body must contain a presentation module with at least one "
                    + "document.");
        }
        if (!allFilenamesValid(presentation)) {
            return documentAnswer("FAILED",
                    "One or more documents could not be uploaded due to an invalid filename.");
        }
        return documentAnswer("SUCCESS", "Presentation is being uploaded");
    }

    /** A document needs a file name with an extension: its filename or name attribute, else its URL's last part. */
    private static boolean allFilenamesValid(Element presentation) {
        NodeList documents = presentation.getChildNodes();
        for (int i = 0; i < documents.getLength(); i++) {
            Node child = documents.item(i);
            if (!(child instanceof Element document)) {
                continue;
            }
            String name = document.getAttribute("filename");
            String url = document.getAttribute("url");
            if (name.isEmpty() && !url.isEmpty()) {
                String path = url.replaceFirst("[?#].*$", "");
                name = path.substring(path.lastIndexOf('/') + 1);
            } else if (name.isEmpty()) {
                name = document.getAttribute("name");
            }
            if (url.isEmpty() && document.getAttribute("name").isEmpty()) {
                continue;
            }
            int dot = name.lastIndexOf('.');
            if (dot <= 0 || dot == name.length() - 1) {
                return false;
            }
        }
        return true;
    }

    private static ApiAnswer documentAnswer(String returncode, String message) {
        ResponseXml xml = returncode.equals("SUCCESS") ? ResponseXml.success() : ResponseXml.failed();
        return ApiAnswer.xml(xml.element("message", message).toXml());
    }

    /** A message to a meeting's public chat: only a running meeting, one somebody has joined, takes it. */
    private ApiAnswer sendChatMessage(ApiCall call) {
        Optional<ApiError> refused = validation.sendChatMessage(call);
        if (refused.isPresent()) {
            return refused.get().answer();
        }
        String meetingID = call.params().get("meetingID");
        if (meetingID == null) {
            return ApiAnswer.httpError(500, "Internal Server Error");
        }
        EmulatedMeeting meeting = findMeeting(meetingID);
        if (meeting == null || meeting.attendeeCount() == 0) {
            return ApiError.CHAT_MEETING_NOT_FOUND.answer();
        }
        String userName = call.params().sanitized("userName");
        chats.computeIfAbsent(meetingID, id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(new ChatMessage(userName == null ? "System" : userName, call.params().sanitized("message")));
        return ApiAnswer.xml(ResponseXml.success().element("messageKey", "").element("message", "").toXml());
    }

    /**
     * A new join URL for the user of a session. A load balancer never holds the user's HTTP session, so bbb-web
     * grants it only for meetings created with allowRequestsWithoutSession=true.
     */
    private ApiAnswer getJoinUrl(ApiCall call) {
        Optional<ApiError> refused = validation.getJoinUrl(call);
        if (refused.isPresent()) {
            return joinUrlFailure(refused.get().message());
        }
        UserSession session = sessions.get(call.params().sanitized("sessionToken"));
        EmulatedMeeting meeting = meetings.values().stream()
                .filter(m -> m.internalMeetingID().equals(session.internalMeetingID())).findFirst().orElse(null);
        if (meeting == null || !meeting.allowRequestsWithoutSession()) {
            return joinUrlFailure("Invalid Session");
        }
        if (meeting.attendeeCount() == 0) {
            return joinUrlFailure("Meeting not found");
        }
        // Groovy's ListHashMap keeps these in a HashMap once there are more than three, so the order is a HashMap's
        Map<String, String> query = new HashMap<>();
        query.put("fullName", encode(session.fullName()));
        query.put("meetingID", encode(session.externalMeetingID()));
        query.put("role", session.role() == Attendee.Role.MODERATOR ? "MODERATOR" : "VIEWER");
        query.put("redirect", "true");
        query.put("existingUserID", session.internalUserID());
        if (Boolean.parseBoolean(call.params().get("replaceSession"))) {
            query.put("replaceSessionToken", session.sessionToken());
        }
        if (!isEmpty(call.params().get("sessionName"))) {
            query.put("sessionName", call.params().get("sessionName"));
        }
        StringBuilder signed = new StringBuilder();
        query.forEach((name, value) -> signed.append('&').append(encode(name)).append('=').append(encode(value)));
        String checksum = RequestChecksum.hex("SHA-1", "join" + signed + secret);
        return ApiAnswer.json("{\n    \"response\": {\n        \"returncode\": \"SUCCESS\",\n"
                + "        \"message\": \"Join URL provided successfully.\",\n        \"url\": "
                + RecordingCalls.jsonString(serverUrl.get() + "/bigbluebutton/api/join?" + signed + "&checksum="
                        + checksum) + "\n    }\n}").withNoCache();
    }

    private static ApiAnswer joinUrlFailure(String message) {
        return ApiAnswer.json("{\n    \"response\": {\n        \"returncode\": \"FAILED\",\n        \"message\": "
                + RecordingCalls.jsonString(message) + "\n    }\n}").withNoCache();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** bbb-web's internal user ids: {@code w_} and twelve lower-case alphanumerics. */
    private static String newUserID() {
        return "w_" + random(TOKEN_ALPHABET, 12);
    }

    /** A lower-case alphanumeric token, as bbb-web's session and auth tokens. */
    static String random(int length) {
        return random(TOKEN_ALPHABET, length);
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
        return RequestChecksum.hex("SHA-1", text);
    }
}
