package io.caravan.ops;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.caravan.api.ApiResponses;
import io.caravan.inventory.Tenant;
import io.caravan.routes.ExchangeProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Counts and times the BBB API calls answered by Caravan, by call, by outcome and (counts) by tenant. Called by the bbb-api route when a
 * call starts and when its answer is ready (including error answers). Tag values come from closed lists, never from
 * the request as such: a client inventing call names or a node inventing message keys must not create new time
 * series, and no parameter (meeting IDs, checksums) ever becomes a tag. Each series' meter is registered on its
 * first use and kept, so a call costs two hash lookups, not a meter builder and a registry lookup each (issue #10).
 */
public final class ApiMetrics {

    static final String CALLS = "caravan.api.calls";
    static final String LATENCY = "caravan.api.latency";

    private static final String OTHER = "other";
    private static final Set<String> KNOWN_CALLS = Set.of("create", "join", "end", "isMeetingRunning",
            "getMeetingInfo", "getMeetings", "insertDocument", "sendChatMessage", "getRecordings",
            "publishRecordings", "deleteRecordings", "updateRecordings", "getRecordingTextTracks",
            "putRecordingTextTrack", "getDefaultConfigXML", "setConfigXML", "getJoinUrl", "hooks/create",
            "hooks/list", "hooks/destroy");
    private static final Set<String> KNOWN_MESSAGE_KEYS = Set.of("checksumError", "missingParamMeetingID",
            "missingParamFullName", "notFound", "unsupportedRequest", "noAvailableServers", "serverUnreachable",
            "internalError", "duplicateWarning", "idNotUnique", "noMeetings", "sentEndMeetingRequest",
            "invalidMeetingIdentifier", "meetingForciblyEnded", "maxParticipantsReached", "guestDeny",
            "invalidPassword", "notRunning", "validationError", "maxMeetingsReached", "maxAttendeesReached",
            "noRecordings", "missingParamRecordID", "missingParamPublish", "paramError", "serverBusy",
            "missingParamCallbackURL", "createHookError", "missingParamHookID", "destroyMissingHook",
            "destroyHookError", "listHookError");
    /** Answers are scanned at both ends only: message keys sit right after returncode or at the very end. */
    private static final int SCANNED = 2048;

    private final MeterRegistry meters;
    private final ConcurrentMap<CallSeries, Counter> calls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> latencies = new ConcurrentHashMap<>();

    public ApiMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** The tag values of one caravan.api.calls series. */
    private record CallSeries(String call, String result, String messageKey, String tenant) {
    }

    public void callStarted(Exchange exchange) {
        exchange.setProperty(ExchangeProperties.API_STARTED, System.nanoTime());
    }

    public void callAnswered(Exchange exchange) {
        Long started = exchange.getProperty(ExchangeProperties.API_STARTED, Long.class);
        if (started == null) {
            return; // not an API call (the version route), or already counted by a sub-route's error handler
        }
        exchange.removeProperty(ExchangeProperties.API_STARTED);
        String call = bounded(exchange.getProperty(ExchangeProperties.CALL, String.class), KNOWN_CALLS);
        String redirectedError = exchange.getProperty(ExchangeProperties.REDIRECTED_ERROR, String.class);
        Outcome outcome = redirectedError != null
                ? new Outcome("FAILED", bounded(redirectedError, KNOWN_MESSAGE_KEYS))
                : outcomeOf(exchange.getMessage());
        // the selected tenant comes from the inventory, so its name is a declared one
        Tenant tenant = exchange.getProperty(ExchangeProperties.TENANT, Tenant.class);
        CallSeries series = new CallSeries(call, outcome.result(), outcome.messageKey(),
                tenant == null ? "none" : tenant.name());
        Counter counter = calls.get(series);
        if (counter == null) {
            counter = calls.computeIfAbsent(series, this::callCounter);
        }
        counter.increment();
        Timer latency = latencies.get(call);
        if (latency == null) {
            latency = latencies.computeIfAbsent(call, this::latencyTimer);
        }
        latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private Counter callCounter(CallSeries series) {
        return Counter.builder(CALLS).description("BBB API calls answered, by call, returncode, messageKey and tenant")
                .tag("call", series.call()).tag("result", series.result()).tag("messageKey", series.messageKey())
                .tag("tenant", series.tenant())
                .register(meters);
    }

    private Timer latencyTimer(String call) {
        return Timer.builder(LATENCY).description("time from request to answer of BBB API calls")
                .tag("call", call)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }

    record Outcome(String result, String messageKey) {
    }

    static Outcome outcomeOf(Message answer) {
        if (answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class) == 302) {
            return new Outcome("SUCCESS", "none"); // join redirected to its node
        }
        String text = scannedText(answer.getBody());
        String returncode = element(text, "returncode");
        String messageKey = element(text, "messageKey");
        if (returncode == null) {
            // getRecordingTextTracks and putRecordingTextTrack answer JSON: {"response":{"returncode":"SUCCESS",...
            returncode = jsonField(text, "returncode");
            messageKey = jsonField(text, "messageKey");
        }
        return new Outcome("SUCCESS".equals(returncode) ? "SUCCESS" : "FAILED",
                messageKey == null ? "none" : bounded(messageKey, KNOWN_MESSAGE_KEYS));
    }

    private static String scannedText(Object body) {
        if (body instanceof String s) {
            return s.length() <= 2 * SCANNED ? s : s.substring(0, SCANNED) + s.substring(s.length() - SCANNED);
        }
        if (body instanceof byte[] b) {
            if (b.length <= 2 * SCANNED) {
                return new String(b, StandardCharsets.ISO_8859_1);
            }
            return new String(b, 0, SCANNED, StandardCharsets.ISO_8859_1)
                    + new String(b, b.length - SCANNED, SCANNED, StandardCharsets.ISO_8859_1);
        }
        return "";
    }

    private static String element(String xml, String name) {
        int start = xml.indexOf("<" + name + ">");
        if (start < 0) {
            return null;
        }
        start += name.length() + 2;
        int end = xml.indexOf("</" + name + ">", start);
        return end < 0 ? null : xml.substring(start, end).trim();
    }

    private static String jsonField(String json, String name) {
        int start = json.indexOf("\"" + name + "\"");
        if (start < 0) {
            return null;
        }
        int open = json.indexOf('"', json.indexOf(':', start + name.length() + 2) + 1);
        int close = open < 0 ? -1 : json.indexOf('"', open + 1);
        return close < 0 ? null : json.substring(open + 1, close);
    }

    private static String bounded(String value, Set<String> known) {
        return value != null && known.contains(value) ? value : OTHER;
    }
}
