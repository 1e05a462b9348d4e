package io.caravan.nodecalls;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import io.caravan.bbb.NodeAnswerError;
import io.vertx.core.VertxException;

/** Tells a node's failure from Caravan's own: what the transport throws when a node does not answer usably. */
public final class NodeFailures {

    private NodeFailures() {
    }

    /** Whether a failure means a node failed (no answer, timeout, unusable answer) rather than a Caravan bug. */
    public static boolean causedByNode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NodeAnswerError || t instanceof IOException || t instanceof TimeoutException
                    || t instanceof VertxException) {
                return true;
            }
        }
        return false;
    }
}
