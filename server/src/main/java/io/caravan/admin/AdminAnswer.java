package io.caravan.admin;

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
}
