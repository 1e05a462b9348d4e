package io.caravan.meetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MeetingDirectoryTest {

    private final MeetingDirectory directory = new MeetingDirectory(1000);

    private Optional<String> nodeOf(String id) {
        return directory.find(id).map(MeetingLocation::node);
    }

    @Test
    void pollOfANodeTeachesItsMeetingsAndDropsEndedOnes() {
        long first = System.nanoTime();
        directory.syncNode("bbb1", List.of("a", "b"), first);
        assertEquals(Optional.of("bbb1"), nodeOf("a"));
        directory.syncNode("bbb1", List.of("b"), System.nanoTime());
        assertTrue(nodeOf("a").isEmpty(), "a ended");
        assertEquals(Optional.of("bbb1"), nodeOf("b"));
    }

    @Test
    void placementNewerThanThePollSurvivesIt() {
        long pollStarted = System.nanoTime();
        directory.remember("fresh", "bbb1");
        directory.syncNode("bbb1", List.of(), pollStarted);
        assertEquals(Optional.of("bbb1"), nodeOf("fresh"), "the poll could not know it yet");
        directory.syncNode("bbb1", List.of(), System.nanoTime());
        assertTrue(nodeOf("fresh").isEmpty());
    }

    @Test
    void meetingThatMovedIsNotDroppedByItsOldNodesPoll() {
        directory.syncNode("bbb1", List.of("m"), System.nanoTime());
        directory.remember("m", "bbb2");
        directory.syncNode("bbb1", List.of(), System.nanoTime());
        assertEquals(Optional.of("bbb2"), nodeOf("m"));
    }

    @Test
    void forgettingANodeForgetsOnlyItsMeetings() {
        directory.syncNode("bbb1", List.of("x"), System.nanoTime());
        directory.syncNode("bbb2", List.of("y"), System.nanoTime());
        directory.forgetNode("bbb1");
        assertTrue(nodeOf("x").isEmpty());
        assertEquals(Optional.of("bbb2"), nodeOf("y"));
    }
}
