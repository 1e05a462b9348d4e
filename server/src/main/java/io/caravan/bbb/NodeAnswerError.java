package io.caravan.bbb;

/** A node answered something that is not a usable BBB answer (not XML, FAILED, HTTP error). */
public class NodeAnswerError extends RuntimeException {

    public NodeAnswerError(String message) {
        super(message, null, false, false);
    }

    /** Whether a failure means a node failed (no answer, timeout, unusable answer) rather than a Caravan bug. */
    public static boolean causedByNode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NodeAnswerError || t instanceof java.io.IOException
                    || t instanceof java.util.concurrent.TimeoutException || t instanceof io.vertx.core.VertxException) {
                return true;
            }
        }
        return false;
    }
}
