package io.caravan.http;

/**
 * Why {@link RequestCheck} refused a request Netty's decoder accepted: the cause of the request's failed decoder
 * result, which {@link RefusedRequests#invalid} answers. Its message is shown to the client, so it never contains
 * anything of the request.
 */
final class RefusedRequest extends RuntimeException {

    private final int status;

    /** @param status 400, or 405 for a method Caravan never takes */
    RefusedRequest(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
