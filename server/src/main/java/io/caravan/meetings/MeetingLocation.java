package io.caravan.meetings;

/**
 * Where a meeting lives.
 *
 * @param node          the node's name
 * @param placedAtNanos when Caravan learned it ({@link System#nanoTime()}), so a poll that started earlier cannot
 *                      undo a newer placement
 */
public record MeetingLocation(String node, long placedAtNanos) {
}
