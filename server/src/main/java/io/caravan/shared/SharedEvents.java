package io.caravan.shared;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one instance tells the others, over the Redis events channel: a meeting was placed or forgotten, admin state
 * or recordings changed, a join was admitted. Events make the other instances' local caches right within
 * milliseconds; they are hints, never the truth: the truth is in Redis (assignments, admin state) or comes with the
 * next poll, so an event lost while Redis was away costs accuracy for a poll interval, never correctness.
 *
 * <p>With caravan.store=caffeine there is no one to tell: {@link #local()} drops every event.
 */
public final class SharedEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SharedEvents.class);

    private final EventChannel channel;
    private final String instance = UUID.randomUUID().toString();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<Consumer<JsonNode>>> handlers = new ConcurrentHashMap<>();

    private SharedEvents(EventChannel channel) {
        this.channel = channel;
        if (channel != null) {
            channel.onEvent(this::received);
        }
    }

    public static SharedEvents over(EventChannel channel) {
        return new SharedEvents(channel);
    }

    public static SharedEvents local() {
        return new SharedEvents(null);
    }

    /** Handles events of this type sent by other instances (never the instance's own). */
    public void on(String type, Consumer<JsonNode> handler) {
        handlers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /**
     * Tells the other instances; best effort: when Redis is away the event is dropped (see the class comment).
     */
    public void publish(String type, Map<String, ?> fields) {
        if (channel == null) {
            return;
        }
        ObjectNode event = json.createObjectNode();
        event.put("type", type);
        event.put("from", instance);
        fields.forEach((name, value) -> event.putPOJO(name, value));
        try {
            channel.publish(json.writeValueAsString(event));
        } catch (StoreUnavailable | JsonProcessingException e) {
            LOG.debug("event {} not shared: {}", type, e.getMessage());
        }
    }

    private void received(String message) {
        JsonNode event;
        try {
            event = json.readTree(message);
        } catch (JsonProcessingException e) {
            LOG.warn("ignored an event that is not JSON on the events channel");
            return;
        }
        if (instance.equals(event.path("from").asText())) {
            return;
        }
        handlers.getOrDefault(event.path("type").asText(), List.of()).forEach(handler -> handler.accept(event));
    }
}
