package io.caravan.api;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.inventory.Node;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * bbb-web's validation of the calls Caravan routes by meetingID, with bbb-web's keys, messages and precedence, so a
 * client cannot tell Caravan from a BBB server by its errors. The rules are those of bbb-common-web's request classes
 * (CreateMeeting, JoinMeeting, MeetingInfo, MeetingRunning, EndMeeting, InsertDocument, SendChatMessage, SimpleRequest)
 * and their constraints (MeetingIDConstraint, MeetingNameConstraint, ContentTypeConstraint, ...).
 *
 * <p>Precedence: bbb-web collects every failing constraint into a {@link HashMap} (key to message) and answers its
 * first entry (ValidationService#buildViolationsMap, ApiController#validateRequest), so which of several errors wins is
 * the iteration order of the JDK's HashMap. This class collects its failures the same way and answers the same
 * entry. Failures that need to know whether the meeting exists (notFound, and join's invalidMeetingIdentifier,
 * meetingForciblyEnded, invalidPassword: for an unknown meeting all three fail) are added once the meeting has been
 * looked for ({@link #meetingLocated}); when a request-only failure would win anyway, it is answered before the
 * lookup.
 *
 * <p>Where bbb-web itself fails with an HTTP 500 (isMeetingRunning, insertDocument or sendChatMessage without
 * meetingID; join without fullName), Caravan answers what the call answers for an unknown meeting instead: a load
 * balancer has no business answering 5xx (docs/COMPATIBILITY.md).
 */
public final class RequestValidation {

    private static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data");
    private static final Set<String> CREATE_TYPES = Set.of("application/x-www-form-urlencoded",
            "multipart/form-data", "application/xml", "text/xml");
    private static final Set<String> DOCUMENT_TYPES = Set.of("application/xml", "text/xml");
    /** What a meeting nobody has adds to join's and end's failures (in a fixed order: bbb-web's is a HashSet's). */
    private static final Map<String, String> JOIN_UNKNOWN = new LinkedHashMap<>();
    private static final Map<String, String> END_UNKNOWN = new LinkedHashMap<>();

    static {
        END_UNKNOWN.put("notFound", "A meeting with that ID does not exist");
        END_UNKNOWN.put("invalidPassword", "The supplied moderator password is incorrect");
        JOIN_UNKNOWN.put("invalidMeetingIdentifier", "A meeting with that ID does not exist");
        JOIN_UNKNOWN.put("meetingForciblyEnded", "You can not join a meeting that has already been forcibly ended");
        JOIN_UNKNOWN.put("invalidPassword", "The provided password is neither a moderator or attendee password");
    }

    /**
     * The request-only rules of the call: a failure that wins whatever the lookup finds is refused at once (recorded
     * in {@link ExchangeProperties#REFUSAL}), others wait in {@link ExchangeProperties#PENDING_VIOLATIONS} for {@link #meetingLocated}.
     */
    public void check(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request) {
        try {
            requestRules(exchange, request);
        } catch (BbbError refusal) {
            exchange.setProperty(ExchangeProperties.REFUSAL, refusal);
        }
    }

    private void requestRules(Exchange exchange, ApiRequest request) {
        String call = request.call();
        Map<String, String> failures = new HashMap<>();
        contentType(request, failures);
        String meetingId = request.param(ExchangeProperties.MEETING_ID);
        if (meetingId != null) {
            exchange.setProperty(ExchangeProperties.CLIENT_MEETING_ID, meetingId);
        }
        switch (call) {
            case "create" -> {
                meetingIdRules(meetingId, failures);
                meetingName(request.param("name"), failures);
                password(request.param("attendeePW"), failures);
                password(request.param("moderatorPW"), failures);
                answerFirst(failures);
                if (meetingId == null || !sanitized(meetingId).equals(meetingId)) {
                    // ApiController#create, after validation: sanitizeString(meetingID) != meetingID
                    throw new BbbError("validationError", "Invalid meeting ID");
                }
            }
            case "join" -> {
                meetingIdRules(meetingId, failures);
                String fullName = request.param("fullName");
                if (fullName == null || sanitized(fullName).isEmpty()) {
                    failures.put("missingParamFullName", "You must provide your name");
                }
                password(request.param("password"), failures);
                // IsBooleanConstraint: absent or empty is fine, otherwise true or false
                if (!isBoolean(request.param("guest"))) {
                    failures.put("validationError", "Guest must be a boolean value (true or false)");
                }
                if (!isBoolean(request.param("auth"))) {
                    failures.put("validationError", "Auth must be a boolean value (true or false)");
                }
                decideOrWait(exchange, failures, call);
            }
            case "end" -> {
                meetingIdRules(meetingId, failures);
                password(request.param("password"), failures);
                decideOrWait(exchange, failures, call);
            }
            case "isMeetingRunning", "getMeetingInfo" -> {
                meetingIdRules(meetingId, failures);
                decideOrWait(exchange, failures, call);
            }
            case "insertDocument" -> {
                meetingIdRules(meetingId, failures);
                answerFirst(failures);
            }
            case "sendChatMessage" -> {
                meetingIdRules(meetingId, failures);
                chatMessage(request, failures);
                answerFirst(failures);
            }
            default -> answerFirst(failures);
        }
    }

    /**
     * After the meeting lookup (the exchange property node, null when no node has the meeting): the failures that an
     * unknown meeting adds, and the winner among all; with no failure, an unknown meeting's answer for the call. Either
     * is recorded in {@link ExchangeProperties#REFUSAL}. (isMeetingRunning answers an unknown meeting with running=false in its route:
     * never a failure.)
     */
    public void meetingLocated(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.NODE) Node node) {
        try {
            lookupRules(exchange, request, node);
        } catch (BbbError refusal) {
            exchange.setProperty(ExchangeProperties.REFUSAL, refusal);
        }
    }

    private void lookupRules(Exchange exchange, ApiRequest request, Node node) {
        @SuppressWarnings("unchecked")
        Map<String, String> failures = exchange.getProperty(ExchangeProperties.PENDING_VIOLATIONS, Map.class);
        exchange.removeProperty(ExchangeProperties.PENDING_VIOLATIONS);
        Map<String, String> all = new HashMap<>();
        if (failures != null) {
            failures.forEach(all::put);
        }
        if (node == null) {
            unknownMeetingFailures(request.call(), request.meetingId() == null).forEach(all::put);
        }
        answerFirst(all);
        if (node == null) {
            throw notFoundAfterValidation(request.call(), exchange.getProperty(ExchangeProperties.CLIENT_MEETING_ID, String.class));
        }
    }

    private static void decideOrWait(Exchange exchange, Map<String, String> failures, String call) {
        if (failures.isEmpty()) {
            return;
        }
        Map<String, String> ifUnknown = new HashMap<>();
        failures.forEach(ifUnknown::put);
        unknownMeetingFailures(call, false).forEach(ifUnknown::put);
        String winner = first(ifUnknown).getKey();
        if (failures.containsKey(winner)) {
            // wins whether or not the meeting exists: no need to ask the nodes
            answerFirst(failures);
        }
        exchange.setProperty(ExchangeProperties.PENDING_VIOLATIONS, failures);
    }

    /** What bbb-web's validators say of a meeting that does not exist, per call (in its HashMap). */
    private static Map<String, String> unknownMeetingFailures(String call, boolean meetingIdAbsent) {
        return switch (call) {
            // JoinMeeting: MeetingExistsConstraint(key = invalidMeetingIdentifier), MeetingEndedConstraint and the
            // join password check all fail for a meeting that is not there
            case "join" -> JOIN_UNKNOWN;
            case "getMeetingInfo" -> Map.of("notFound", "A meeting with that ID does not exist");
            // EndMeeting: MeetingExists and ModeratorPasswordValidator both fail for a meeting that is not there;
            // without meetingID the password validator's lookup of null fails (a 500 in bbb-web): notFound alone
            case "end" -> meetingIdAbsent ? Map.of("notFound", "A meeting with that ID does not exist") : END_UNKNOWN;
            default -> Map.of();
        };
    }

    /** The answers after validation passed, for calls whose unknown meeting is not a validation failure. */
    private static BbbError notFoundAfterValidation(String call, String meetingId) {
        return switch (call) {
            case "insertDocument" -> new BbbError(null,
                    "Meeting with id [" + (meetingId == null ? "" : meetingId) + "] not found.");
            case "sendChatMessage" -> new BbbError("meetingNotFound", "Meeting not found");
            default -> BbbError.meetingNotFound();
        };
    }

    // MeetingIDConstraint: NotEmpty (missingParamMeetingID), Size 2..256 (sizeError), Pattern without ',' (validationError);
    // each lets an absent meetingID pass, as javax.validation's constraints do
    private static void meetingIdRules(String meetingId, Map<String, String> failures) {
        if (meetingId == null) {
            return;
        }
        String value = sanitized(meetingId);
        if (value.isEmpty()) {
            failures.put("missingParamMeetingID", "You must provide a meeting ID");
        }
        if (value.length() < 2 || value.length() > 256) {
            failures.put("sizeError", "Meeting ID must be between 2 and 256 characters");
        }
        // the pattern (no comma) does not match an empty ID either
        if (value.isEmpty() || value.contains(",")) {
            failures.put("validationError", "Meeting ID cannot contain ','");
        }
    }

    // MeetingNameConstraint: NotNull (nullError), NotEmpty (emptyError), Size 2..256 (sizeError)
    private static void meetingName(String name, Map<String, String> failures) {
        if (name == null) {
            failures.put("nullError", "You must provide a meeting name");
            return;
        }
        String value = sanitized(name);
        if (value.isEmpty()) {
            failures.put("emptyError", "You must provide a meeting name");
        }
        if (value.length() < 2 || value.length() > 256) {
            failures.put("sizeError", "Meeting name must be between 2 and 256 characters");
        }
    }

    // PasswordConstraint: an optional password of 2..64 characters
    private static void password(String password, Map<String, String> failures) {
        if (password == null) {
            return;
        }
        String value = sanitized(password);
        if (!value.isEmpty() && (value.length() < 2 || value.length() > 64)) {
            failures.put("invalidPassword", "Invalid password");
        }
    }

    // SendChatMessage: message NotNull and Size 1..500, userName at most 255
    private static void chatMessage(ApiRequest request, Map<String, String> failures) {
        String message = request.param("message");
        if (message == null) {
            failures.put("nullError", "You must provide the param message");
        } else if (sanitized(message).isEmpty() || sanitized(message).length() > 500) {
            failures.put("sizeError", "Param message must be between 1 and 500 characters");
        }
        String userName = request.param("userName");
        if (userName != null && sanitized(userName).length() > 255) {
            failures.put("sizeError", "Param userName must not exceed 255 characters");
        }
    }

    // ContentTypeConstraint: only a request with a body needs a Content-Type, one its request class supports
    // (the recording calls are RecordingController's, which checks no Content-Type)
    private static void contentType(ApiRequest request, Map<String, String> failures) {
        if (!request.hasBody()) {
            return;
        }
        Set<String> supported = switch (request.call()) {
            case "create" -> CREATE_TYPES;
            case "insertDocument" -> DOCUMENT_TYPES;
            case "join", "isMeetingRunning", "getMeetingInfo", "end", "getMeetings", "getSessions",
                    "sendChatMessage" -> FORM_TYPES;
            default -> null;
        };
        if (supported == null) {
            return;
        }
        String type = mimeType(request.contentType());
        if (type == null || !supported.contains(type)) {
            failures.put("unsupportedContentType", "POST request Content-Type is missing or unsupported");
        }
    }

    private static String mimeType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+") ? type : null;
    }

    private static boolean isBoolean(String value) {
        if (value == null) {
            return true;
        }
        String v = sanitized(value);
        return v.isEmpty() || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
    }

    /** bbb-web's ParamsUtil.sanitizeString as it applies to validation: control characters out, then trimmed. */
    static String sanitized(String value) {
        StringBuilder kept = new StringBuilder(value.length());
        value.codePoints().filter(c -> c >= 0x20 && c != 0x7f).forEach(kept::appendCodePoint);
        return kept.toString().trim();
    }

    private static void answerFirst(Map<String, String> failures) {
        if (!failures.isEmpty()) {
            Map.Entry<String, String> winner = first(failures);
            throw new BbbError(winner.getKey(), winner.getValue());
        }
    }

    /**
     * The entry bbb-web answers: its map is a default-sized HashMap filled one put at a time, and so is this one (a
     * HashMap sized from another map has fewer buckets, and another order).
     */
    private static Map.Entry<String, String> first(Map<String, String> failures) {
        Map<String, String> asBbbWeb = new HashMap<>();
        failures.forEach(asBbbWeb::put);
        return asBbbWeb.entrySet().iterator().next();
    }
}
