package io.caravan.recordings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.shared.SharedEvents;

/**
 * What one instance tells the others (caravan.store=redis) when recordings changed through it: they drop the
 * recordIDs deleted from their index and poll the nodes touched, so every instance's getRecordings shows the change
 * at once.
 *
 * @param nodes   the names of the nodes whose recordings changed
 * @param deleted the recordIDs deleted
 */
record RecordingsChanged(List<String> nodes, List<String> deleted) {

    /** The event's type on the events channel. */
    static final String TYPE = "recordings-changed";

    RecordingsChanged {
        nodes = List.copyOf(nodes);
        deleted = List.copyOf(deleted);
    }

    /** Tells the other instances (nothing to tell without them). */
    void publish(SharedEvents events) {
        events.publish(TYPE, Map.of("nodes", nodes, "deleted", deleted));
    }

    /** Hands every such event of another instance to the handler. */
    static void onElsewhere(SharedEvents events, Consumer<RecordingsChanged> handler) {
        events.on(TYPE, event -> handler.accept(
                new RecordingsChanged(texts(event.path("nodes")), texts(event.path("deleted")))));
    }

    private static List<String> texts(JsonNode values) {
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value.asText()));
        return texts;
    }
}
