package io.caravan.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * bbb-webhooks (3.x) as it runs beside bbb-web on a node: its API under {@code /bigbluebutton/api/hooks/} and the
 * events it posts to the hooks' callback URLs. Written from bbb-webhooks' own behaviour (src/out/webhooks: api.js,
 * responses.js, callback-emitter.js, web-hooks.js; src/db/redis/hooks.js), not from Caravan's, so that Caravan's
 * reading of it is tested against an independent one.
 *
 * <ul>
 *   <li>Only GET is routed (express {@code app.get}); another method gets express' 404.</li>
 *   <li>The checksum is {@code sha(path after /bigbluebutton/api/ + query without checksum + secret)}, the algorithm
 *       told by the checksum's length; the comparison is exact (lower-case hex).</li>
 *   <li>Hook IDs are random UUIDs; a create for a callbackURL already registered answers that hook with
 *       {@code duplicateWarning}, whatever its other parameters.</li>
 *   <li>An event goes to the global hooks and to those created for its meeting's external ID, unless the hook has
 *       an {@code eventID} list (lower-cased) without the event's id. Hooks created with {@code getRaw=true} receive
 *       the raw message instead (akka-apps' {@code envelope} and {@code core}, bbb-record-core's {@code header} and
 *       {@code payload}; src/process/event.js reads them), in the same form POST with the same checksum; their
 *       eventID filter finds no {@code data.id} in a raw message, so such a hook gets only the user-left events
 *       bbb-webhooks makes up, in mapped form, for the users still in a meeting that ends.</li>
 *   <li>A delivery is a form POST {@code domain, event=[<event>], timestamp}, its checksum
 *       {@code sha1(callbackURL + body + secret)} added to the URL's query; 2xx and 401 are success. Failed
 *       deliveries are tried again after each retry interval; when those run out the hook is removed (no hook here is
 *       permanent: the emulator has no permanentURLs).</li>
 * </ul>
 */
final class NodeWebhooks {

    /** A registered hook, as bbb-webhooks stores it (eventID lower-cased and split, null when not given). */
    record Hook(String id, String callbackURL, String meetingID, List<String> eventIDs, boolean getRaw) {
        boolean global() {
            return meetingID == null;
        }
    }

    private final String secret;
    private final Supplier<String> domain;
    private final ConcurrentMap<String, Hook> hooks = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final HttpClient http;
    private volatile List<Long> retryIntervals = List.of(100L, 500L, 1000L);
    private volatile String eventChecksum = "SHA-1";

    NodeWebhooks(String secret, Supplier<String> domain, Vertx vertx) {
        this.secret = secret;
        this.domain = domain;
        this.vertx = vertx;
        this.http = vertx == null ? null : vertx.createHttpClient();
    }

    /** bbb-webhooks' retryIntervals (milliseconds); the hook is removed after the last one fails. */
    void retryIntervals(List<Long> intervals) {
        this.retryIntervals = List.copyOf(intervals);
    }

    /** The hash of the events' checksums (bbb-webhooks 3 lets it be configured; sha1 before). */
    void eventChecksum(String jcaName) {
        this.eventChecksum = jcaName;
    }

    void clear() {
        hooks.clear();
    }

    List<Hook> hooks() {
        return hooks.values().stream().sorted(Comparator.comparing(Hook::id)).toList();
    }

    // ---- the API ------------------------------------------------------------------------------------------------

    /** @param call the path after /bigbluebutton/api/, e.g. {@code hooks/create} */
    ApiAnswer answer(String call, String method, String rawQuery) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return notFound(method, call);
        }
        if (call.equals("hooks/ping")) {
            return new ApiAnswer(200, "bbb-webhooks API up!", null, "text/html; charset=utf-8", false);
        }
        if (!List.of("hooks/create", "hooks/destroy", "hooks/list").contains(call)) {
            return notFound(method, call);
        }
        String query = rawQuery == null ? "" : rawQuery;
        CallParameters params = CallParameters.of(query, null);
        if (!checksumMatches(call, query, params.get("checksum"))) {
            return failed("checksumError", "You did not pass the checksum security check.");
        }
        return switch (call) {
            case "hooks/create" -> create(params);
            case "hooks/destroy" -> destroy(params);
            default -> list(params);
        };
    }

    private static ApiAnswer notFound(String method, String call) {
        return new ApiAnswer(404, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error</title>"
                + "</head><body><pre>Cannot " + method + " /bigbluebutton/api/" + call + "</pre></body></html>",
                null, "text/html; charset=utf-8", false);
    }

    private boolean checksumMatches(String call, String rawQuery, String given) {
        if (given == null) {
            return false;
        }
        String algorithm = RequestChecksum.algorithmOf(given);
        if (algorithm == null) {
            return false;
        }
        // utils.js queryFromUrl: every checksum parameter is cut out by pattern, whatever its value
        String query = rawQuery.replaceAll("&checksum=[^&]*", "").replaceAll("checksum=[^&]*&", "")
                .replaceAll("checksum=[^&]*$", "");
        return RequestChecksum.hex(algorithm, call + query + secret).equals(given);
    }

    private ApiAnswer create(CallParameters params) {
        String callbackURL = params.get("callbackURL");
        if (callbackURL == null) {
            return failed("missingParamCallbackURL", "You must specify a callbackURL in the parameters.");
        }
        String getRawText = params.get("getRaw");
        boolean getRaw;
        if (getRawText == null || getRawText.isEmpty()) {
            getRaw = false;
        } else if (getRawText.equalsIgnoreCase("true") || getRawText.equalsIgnoreCase("false")) {
            getRaw = Boolean.parseBoolean(getRawText);
        } else {
            // JSON.parse throws outside the handler's try: express' error page
            return ApiAnswer.httpError(500, "Internal Server Error");
        }
        String eventID = params.get("eventID");
        Hook candidate = new Hook(UUID.randomUUID().toString(), callbackURL, params.get("meetingID"),
                eventID == null ? null : Arrays.asList(eventID.toLowerCase(Locale.ROOT).split(",")), getRaw);
        synchronized (hooks) {
            for (Hook existing : hooks.values()) {
                if (existing.callbackURL().equals(callbackURL)) {
                    return ApiAnswer.xml(ResponseXml.success().element("hookID", existing.id())
                            .element("messageKey", "duplicateWarning")
                            .element("message", "There is already a hook for this callback URL.").toXml());
                }
            }
            hooks.put(candidate.id(), candidate);
        }
        return ApiAnswer.xml(ResponseXml.success().element("hookID", candidate.id()).element("permanentHook", false)
                .element("rawData", getRaw).toXml());
    }

    private ApiAnswer destroy(CallParameters params) {
        String hookID = params.get("hookID");
        if (hookID == null) {
            return failed("missingParamHookID", "You must specify a hookID in the parameters.");
        }
        if (hooks.remove(hookID) == null) {
            return failed("destroyMissingHook", "The hook informed was not found.");
        }
        return ApiAnswer.xml(ResponseXml.success().element("removed", true).toXml());
    }

    private ApiAnswer list(CallParameters params) {
        String meetingID = params.get("meetingID");
        StringBuilder xml = new StringBuilder("<response><returncode>SUCCESS</returncode><hooks>");
        for (Hook hook : hooks()) {
            if (meetingID != null && !hook.global() && !hook.meetingID().equals(meetingID)) {
                continue;
            }
            xml.append("<hook><hookID>").append(hook.id()).append("</hookID>")
                    .append("<callbackURL><![CDATA[").append(hook.callbackURL()).append("]]></callbackURL>");
            if (!hook.global()) {
                xml.append("<meetingID><![CDATA[").append(hook.meetingID()).append("]]></meetingID>");
            }
            if (hook.eventIDs() != null) {
                xml.append("<eventID>").append(String.join(",", hook.eventIDs())).append("</eventID>");
            }
            xml.append("<permanentHook>false</permanentHook><rawData>").append(hook.getRaw())
                    .append("</rawData></hook>");
        }
        return ApiAnswer.xml(xml.append("</hooks></response>").toString());
    }

    private static ApiAnswer failed(String key, String message) {
        return ApiAnswer.xml(ResponseXml.failed().element("messageKey", key).element("message", message).toXml());
    }

    // ---- events -------------------------------------------------------------------------------------------------

    void meetingCreated(EmulatedMeeting meeting) {
        String ts = String.valueOf(System.currentTimeMillis());
        emit("meeting-created", meeting, "\"meeting\":{" + meetingIds(meeting)
                + ",\"name\":" + json(meeting.name()) + ",\"is-breakout\":false,\"parent-id\":\"bbb-none\""
                + ",\"duration\":0,\"create-time\":" + meeting.createTime()
                + ",\"create-date\":" + json(meeting.createDate()) + ",\"record\":" + meeting.recording()
                + ",\"voice-conf\":" + json(meeting.voiceBridge()) + ",\"dial-number\":" + json(meeting.dialNumber())
                + ",\"max-users\":0,\"metadata\":{}}",
                akka("MeetingCreatedEvtMsg", "{}", "{}", "{\"props\":{\"meetingProp\":{\"name\":"
                        + json(meeting.name()) + ",\"extId\":" + json(meeting.meetingID()) + ",\"intId\":"
                        + json(meeting.internalMeetingID()) + ",\"isBreakout\":false},\"breakoutProps\":"
                        + "{\"parentId\":\"bbb-none\",\"sequence\":0,\"freeJoin\":false,\"breakoutRooms\":[]},"
                        + "\"durationProps\":{\"duration\":0,\"createdTime\":" + meeting.createTime()
                        + ",\"createdDate\":" + json(meeting.createDate()) + "},\"password\":{\"moderatorPass\":"
                        + json(meeting.moderatorPW()) + ",\"viewerPass\":" + json(meeting.attendeePW())
                        + "},\"recordProp\":{\"record\":" + meeting.recording() + "},\"voiceProp\":{\"telVoice\":"
                        + json(meeting.voiceBridge()) + ",\"voiceConf\":" + json(meeting.voiceBridge())
                        + ",\"dialNumber\":" + json(meeting.dialNumber()) + "},\"usersProp\":{\"maxUsers\":0},"
                        + "\"metadataProp\":{\"metadata\":{}}}}", ts));
    }

    void userJoined(EmulatedMeeting meeting, Attendee attendee) {
        emit("user-joined", meeting, "\"meeting\":{" + meetingIds(meeting) + "},\"user\":{"
                + "\"internal-user-id\":" + json(attendee.userID()) + ",\"external-user-id\":"
                + json(attendee.externalUserID()) + ",\"name\":" + json(attendee.fullName()) + ",\"role\":"
                + json(attendee.role().name()) + ",\"presenter\":\"false\"}",
                akka("UserJoinedMeetingEvtMsg", userRouting(meeting, attendee), userRouting(meeting, attendee),
                        "{\"intId\":" + json(attendee.userID()) + ",\"extId\":" + json(attendee.externalUserID())
                                + ",\"name\":" + json(attendee.fullName()) + ",\"role\":"
                                + json(attendee.role().name()) + ",\"guest\":false,\"authed\":true,"
                                + "\"guestStatus\":\"ALLOW\",\"emoji\":\"none\",\"presenter\":false,"
                                + "\"locked\":true,\"avatar\":\"\",\"clientType\":\"HTML5\"}",
                        String.valueOf(System.currentTimeMillis())));
    }

    /**
     * A user still in a meeting that ends: akka-apps sends no UserLeftMeetingEvtMsg for it, so bbb-webhooks makes up
     * a mapped user-left (event-processor.js) and hands that to the raw hooks too, as their raw event.
     */
    private void userLeftAtEnd(EmulatedMeeting meeting, Attendee attendee) {
        emit("user-left", meeting, "\"meeting\":{" + meetingIds(meeting) + "},\"user\":{"
                + "\"internal-user-id\":" + json(attendee.userID()) + ",\"external-user-id\":"
                + json(attendee.externalUserID()) + "}", null);
    }

    /** bbb-webhooks 3 sends user-left for the users still in a meeting that ends, then meeting-ended. */
    void meetingEnded(EmulatedMeeting meeting) {
        meeting.attendees().forEach(a -> userLeftAtEnd(meeting, a));
        emit("meeting-ended", meeting, "\"meeting\":{" + meetingIds(meeting) + "}",
                akka("MeetingDestroyedEvtMsg", "{\"sender\":\"bbb-apps-akka\"}", "{}", "{\"meetingId\":"
                        + json(meeting.internalMeetingID()) + "}", String.valueOf(System.currentTimeMillis())));
    }

    void rapPublishEnded(EmulatedMeeting meeting, String recordID) {
        long now = System.currentTimeMillis();
        emit("rap-publish-ended", meeting, "\"meeting\":{" + meetingIds(meeting) + "},\"record-id\":"
                + json(recordID) + ",\"success\":true,\"step-time\":0,\"workflow\":\"presentation\"",
                // bbb-record-core's message on bigbluebutton:from-rap: a header and a payload, no envelope
                "{\"header\":{\"timestamp\":" + now + ",\"name\":\"publish_ended\",\"current_time\":" + now
                        + ",\"version\":\"0.0.1\"},\"payload\":{\"success\":true,\"step_time\":0,"
                        + "\"meeting_id\":" + json(meeting.internalMeetingID()) + ",\"record_id\":" + json(recordID)
                        + ",\"external_meeting_id\":" + json(meeting.meetingID())
                        + ",\"workflow\":\"presentation\",\"metadata\":{\"meetingName\":" + json(meeting.name())
                        + ",\"isBreakout\":\"false\"},\"playback\":{\"size\":0}}}");
    }

    private static String meetingIds(EmulatedMeeting meeting) {
        return "\"internal-meeting-id\":" + json(meeting.internalMeetingID()) + ",\"external-meeting-id\":"
                + json(meeting.meetingID());
    }

    /** The routing of akka-apps' user messages, which their header repeats: the internal meeting and user IDs. */
    private static String userRouting(EmulatedMeeting meeting, Attendee attendee) {
        return "{\"meetingId\":" + json(meeting.internalMeetingID()) + ",\"userId\":" + json(attendee.userID())
                + "}";
    }

    /**
     * An akka-apps message as bbb-webhooks reads it from Redis: {@code envelope} (name, routing, timestamp) and
     * {@code core} (header with the name and the routing's IDs, body).
     */
    private static String akka(String name, String routing, String header, String body, String timestamp) {
        String routed = routing.equals("{}") ? "{\"sender\":\"bbb-apps-akka\"}"
                : routing.replaceFirst("}$", ",\"sender\":\"bbb-apps-akka\"}");
        String headed = header.equals("{}") ? "{\"name\":\"" + name + "\"}"
                : header.replaceFirst("^\\{", "{\"name\":\"" + name + "\",");
        return "{\"envelope\":{\"name\":\"" + name + "\",\"routing\":" + routed + ",\"timestamp\":" + timestamp
                + "},\"core\":{\"header\":" + headed + ",\"body\":" + body + "}}";
    }

    /**
     * One event to the hooks that want it (web-hooks.js onEvent): the global hooks and those of its meeting; a mapped
     * hook gets the mapped event, a getRaw hook the raw one (null: the mapped event is its own raw one, as for the
     * user-left made up at a meeting's end). The eventID filter reads {@code data.id}, which a raw message does not
     * have, so a getRaw hook with an eventID list gets none of them.
     */
    private void emit(String id, EmulatedMeeting meeting, String attributes, String raw) {
        if (http == null || hooks.isEmpty()) {
            return;
        }
        String event = "{\"data\":{\"type\":\"event\",\"id\":\"" + id + "\",\"attributes\":{" + attributes
                + "},\"event\":{\"ts\":" + System.currentTimeMillis() + "}}}";
        for (Hook hook : hooks()) {
            boolean forMeeting = hook.global() || hook.meetingID().equals(meeting.meetingID());
            String sent = hook.getRaw() && raw != null ? raw : event;
            boolean hasId = !hook.getRaw() || raw == null;
            boolean wanted = hook.eventIDs() == null || hasId && hook.eventIDs().contains(id);
            if (forMeeting && wanted) {
                deliver(hook, sent, System.currentTimeMillis(), 0);
            }
        }
    }

    private void deliver(Hook hook, String event, long timestamp, int retry) {
        // keys in alphabetical order, as callback-emitter.js builds its URLSearchParams
        String body = "domain=" + form(domain.get()) + "&event=" + form("[" + event + "]") + "&timestamp=" + timestamp;
        String checksum = RequestChecksum.hex(eventChecksum, hook.callbackURL() + body + secret);
        String url = hook.callbackURL() + (hook.callbackURL().contains("?") ? "&" : "?") + "checksum=" + checksum;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setTimeout(5000).addHeader("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8");
        http.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .onComplete(done -> {
                    int status = done.succeeded() ? done.result().statusCode() : 0;
                    if ((status >= 200 && status < 300) || status == 401) {
                        return;
                    }
                    List<Long> intervals = retryIntervals;
                    if (retry < intervals.size()) {
                        vertx.setTimer(intervals.get(retry), t -> deliver(hook, event, timestamp, retry + 1));
                    } else {
                        // web-hooks.js: "too many failed attempts to perform a callback call, removing the hook"
                        hooks.remove(hook.id(), hook);
                    }
                });
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String json(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
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
