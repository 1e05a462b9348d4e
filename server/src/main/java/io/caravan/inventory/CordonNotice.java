package io.caravan.inventory;
import java.time.Duration;

/**
 * What a cordon carries besides taking no new meetings: a message posted into the public chat of every meeting on the
 * node (BBB's sendChatMessage), posted again every {@code repeat} while meetings remain, and whether the node is
 * disabled once its last meeting has ended.
 *
 * @param message          the chat message (1..500 characters, bbb-web's limit), or null for a silent cordon
 * @param repeat           how often the message is posted again, or null to post it once
 * @param disableWhenEmpty whether the node is disabled once a poll finds it without meetings
 */
public record CordonNotice(String message, Duration repeat, boolean disableWhenEmpty) {

    /** A plain cordon: no message, and the node stays cordoned when it is empty (see docs/operations.md). */
    public static final CordonNotice NONE = new CordonNotice(null, null, false);

    /** bbb-web's limit on sendChatMessage's message (SendChatMessage's Size constraint). */
    public static final int MAX_MESSAGE = 500;

    public boolean hasMessage() {
        return message != null;
    }

    /** The repeat as the inventory writes it (10m), or null. */
    public String repeatText() {
        return repeat == null ? null : MaintenanceEntries.text(repeat);
    }
}
