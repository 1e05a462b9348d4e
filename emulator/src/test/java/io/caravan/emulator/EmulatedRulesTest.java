package io.caravan.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the emulator's rule tests share: one emulated node per test class, started by the class's own
 * {@code @BeforeAll} with {@link #startNode}, emptied of meetings before each test and closed after the class.
 */
abstract class EmulatedRulesTest {

    protected static EmulatedNode node;
    protected static EmulatorHttp http;

    static void startNode(String name, String secret) {
        node = EmulatedNode.start(name, 0, secret);
        http = new EmulatorHttp(node);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void emptyNode() {
        node.endAllMeetings();
    }
}
