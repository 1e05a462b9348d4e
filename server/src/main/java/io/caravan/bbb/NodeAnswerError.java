package io.caravan.bbb;

/** A node answered something that is not a usable BBB answer (not XML, FAILED, HTTP error). */
public class NodeAnswerError extends RuntimeException {

    public NodeAnswerError(String message) {
        super(message, null, false, false);
    }

}
