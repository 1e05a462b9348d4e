package io.caravan.admin;

/** An admin request that cannot be done: its HTTP status and a message naming the problem, sent as JSON. */
public class AdminError extends RuntimeException {

    private final int status;

    public AdminError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static AdminError badRequest(String message) {
        return new AdminError(400, message);
    }

    public static AdminError notFound(String message) {
        return new AdminError(404, message);
    }

    public static AdminError conflict(String message) {
        return new AdminError(409, message);
    }

    public static AdminError badGateway(String message) {
        return new AdminError(502, message);
    }
}
