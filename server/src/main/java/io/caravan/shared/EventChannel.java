package io.caravan.shared;
import java.util.function.Consumer;

/**
 * The channel {@link SharedEvents} travel on between instances (the store's publish/subscribe: Redis). Its messages
 * are opaque strings; publishing may throw {@link StoreUnavailable}.
 */
public interface EventChannel {

    /** Sends a message to every instance subscribed, this one included. */
    void publish(String message);

    /** Calls the handler with every message received. */
    void onEvent(Consumer<String> handler);
}
