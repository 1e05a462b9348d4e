package io.caravan.bbb;

/**
 * A BBB protocol error: bbb-web answers these as HTTP 200 with returncode FAILED, a messageKey and a message. A step
 * that refuses a call records it in the exchange property {@code refusal} (thrown, if at all, only within the step's
 * bean), the route answers it and stops; it becomes the XML answer in one place ({@link BbbResponses#error}).
 */
public class BbbError extends RuntimeException {

    private final String messageKey;
    private final boolean json;

    public BbbError(String messageKey, String message) {
        this(messageKey, message, false);
    }

    private BbbError(String messageKey, String message, boolean json) {
        super(message, null, false, false);
        this.messageKey = messageKey;
        this.json = json;
    }

    /** An error of a call that answers JSON (putRecordingTextTrack's parameter errors). */
    public static BbbError json(String messageKey, String message) {
        return new BbbError(messageKey, message, true);
    }

    public String messageKey() {
        return messageKey;
    }

    public boolean json() {
        return json;
    }

    public static BbbError checksumError() {
        return new BbbError("checksumError", "Checksums do not match");
    }

    public static BbbError meetingNotFound() {
        return new BbbError("notFound", "A meeting with that ID does not exist");
    }

    public static BbbError unsupportedRequest() {
        return new BbbError("unsupportedRequest", "This request is not supported.");
    }

    public static BbbError noAvailableServers() {
        return new BbbError("noAvailableServers",
                "No BigBlueButton server is available to host this meeting; try again later.");
    }

    public static BbbError serverTagUnavailable(String tags) {
        return new BbbError("serverTagUnavailable",
                "No BigBlueButton server with the required tag (" + tags + ") is available; try again later.");
    }

    /**
     * caravan.store=redis and Redis does not answer: deciding a meeting's node without it could put one meeting on
     * two nodes, so creates are refused until it is back.
     */
    public static BbbError sharedStateUnavailable() {
        return new BbbError("sharedStateUnavailable",
                "The load balancer cannot reach its shared state store, so it cannot place meetings right now; "
                        + "meetings already running are not affected. Try again shortly.");
    }

    /** bbb-web's refusal of a create whose voiceBridge another meeting uses (ApiErrors.nonUniqueVoiceBridgeError). */
    public static BbbError nonUniqueVoiceBridge() {
        return new BbbError("nonUniqueVoiceBridge", "The selected voice bridge is already in use.");
    }

    /** Every dial-in number of Caravan's range is taken by a running meeting. */
    public static BbbError noVoiceBridgeAvailable() {
        return new BbbError("noVoiceBridgeAvailable",
                "No dial-in number is free for another meeting; try again later.");
    }

    public static BbbError nodeUnreachable() {
        return new BbbError("serverUnreachable",
                "The BigBlueButton server hosting this meeting did not answer; try again later.");
    }

    /** Every node that could take a new meeting has caravan.node.max-in-flight calls waiting on it. */
    public static BbbError allNodesBusy() {
        return new BbbError("serverBusy",
                "Every BigBlueButton server that could host this meeting has too many requests waiting; "
                        + "try again later.");
    }

    /** caravan.http.max-in-flight requests are already in flight in this instance. */
    public static BbbError loadBalancerBusy() {
        return new BbbError("serverBusy", "The load balancer has too many requests in flight; try again shortly.");
    }

    public static BbbError maxMeetingsReached(int max) {
        return new BbbError("maxMeetingsReached",
                "The maximum number of concurrent meetings (" + max + ") has been reached; end a meeting first.");
    }

    public static BbbError maxAttendeesReached(int max) {
        return new BbbError("maxAttendeesReached",
                "The maximum number of attendees (" + max + ") has been reached; try again later.");
    }

    /**
     * The request line, the headers or the body is larger than the server accepts (caravan.http.max-request-line,
     * caravan.http.max-header-size, camel.server.max-body-size); answered with HTTP 414, 431 or 413 like a container.
     */
    public static BbbError requestTooLarge(String message) {
        return new BbbError("requestTooLarge", message);
    }

    /** The request is not valid HTTP, or its body cannot be read; answered with HTTP 400 like a container. */
    public static BbbError invalidRequest(String message) {
        return new BbbError("invalidRequest", message);
    }

    public static BbbError internalError() {
        return new BbbError("internalError", "The load balancer could not handle this request.");
    }
}
