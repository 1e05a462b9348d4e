package io.caravan.inventory;
import java.util.Locale;

/** What an operator allows a node to do (Scalelite's server states). */
public enum NodeState {
    /** Takes new meetings. */
    ENABLED,
    /** Takes no new meetings; the meetings it has keep working. Used to drain a node for maintenance. */
    CORDONED,
    /** Out of service: not polled, takes no meetings, its meetings are placed anew on their next create. */
    DISABLED;

    public static NodeState parse(String text) {
        for (NodeState s : values()) {
            if (s.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown state '" + text + "' (expected enabled, cordoned or disabled)");
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
