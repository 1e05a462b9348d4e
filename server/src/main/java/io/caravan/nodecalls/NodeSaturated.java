package io.caravan.nodecalls;
import io.caravan.bbb.BbbError;

/**
 * A node already has caravan.node.max-in-flight API calls waiting on it, so this one was not sent: bbb-web's
 * {@code serverBusy} for the client, and for a create a reason to try the next node (the request never reached it).
 */
public final class NodeSaturated extends BbbError {

    public NodeSaturated() {
        super("serverBusy",
                "The BigBlueButton server hosting this meeting has too many requests waiting; try again later.");
    }
}
