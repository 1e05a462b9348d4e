package io.caravan.admin;
import java.util.Map;

/**
 * What an admin route answers: an HTTP status and a value serialized as JSON by {@link AdminResponses#finish}.
 *
 * @param status HTTP status
 * @param body   the JSON value (maps, lists, records)
 */
public record AdminAnswer(int status, Object body) {

    public static AdminAnswer ok(Object body) {
        return new AdminAnswer(200, body);
    }

    /** A refusal or failure: {@code {"error": message}} with a status naming its kind. */
    public static AdminAnswer error(int status, String message) {
        return new AdminAnswer(status, Map.of("error", message == null ? "unknown error" : message));
    }
}
