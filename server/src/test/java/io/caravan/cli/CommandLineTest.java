package io.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static CommandLine parse(String... args) {
        return CommandLine.parse(args);
    }

    @Test
    void urlIsTheNodesNewUrlOnlyInNodesUpdate() {
        CommandLine update = parse("nodes", "update", "bbb1", "--url", "https://bbb1.example.org/bigbluebutton/");
        assertEquals("https://bbb1.example.org/bigbluebutton/", update.option(CommandLine.NODE_URL));
        assertNull(update.option(CommandLine.CARAVAN));

        for (CommandLine other : List.of(parse("status", "--url", "http://caravan:8090"),
                parse("nodes", "add", "bbb1", "https://bbb1/", "s", "--url", "http://caravan:8090"),
                parse("nodes", "remove", "update", "--url", "http://caravan:8090"),
                parse("--url", "http://caravan:8090", "nodes", "update", "bbb1"))) {
            assertEquals("http://caravan:8090", other.option(CommandLine.CARAVAN));
            assertNull(other.option(CommandLine.NODE_URL));
        }
    }

    @Test
    void caravanAlwaysNamesCaravan() {
        CommandLine update = parse("nodes", "update", "bbb1", "--url", "https://bbb1/", "--caravan", "http://c:8090");
        assertEquals("http://c:8090", update.option(CommandLine.CARAVAN));
        assertEquals("https://bbb1/", update.option(CommandLine.NODE_URL));
        assertEquals("http://c:8090", parse("status", "--caravan", "http://c:8090").option(CommandLine.CARAVAN));
    }

    @Test
    void aRepeatedOptionKeepsEveryValueInOrderAndItsLastWins() {
        CommandLine line = parse("tenants", "add", "acme", "--secret", "one", "--host", "h", "--secret", "two");
        assertEquals(List.of("one", "two"), line.all("--secret"));
        assertEquals("two", line.option("--secret"));
        assertEquals(List.of("h"), line.all("--host"));
        assertEquals(List.of(), line.all("--cluster"));
        assertNull(line.option("--cluster"));
        assertEquals("fallback", line.option("--cluster", "fallback"));
        assertEquals("h", line.option("--host", "fallback"));
    }

    @Test
    void optionsAndFlagsAreNotWords() {
        CommandLine line = parse("nodes", "--force", "remove", "--token", "t", "bbb1");
        assertEquals(List.of("nodes", "remove", "bbb1"), line.words());
        assertTrue(line.flag("--force"));
        assertEquals("t", line.option("--token"));
        assertFalse(parse("nodes", "remove", "bbb1").flag("--force"));
    }

    @Test
    void anOptionWithoutItsValueIsAUsageError() {
        UsageError error = assertThrows(UsageError.class, () -> parse("status", "--token"));
        assertEquals("--token needs a value", error.getMessage());
    }

    @Test
    void aMissingWordIsAUsageErrorNamingIt() {
        CommandLine line = parse("meetings", "end");
        assertEquals("end", line.word(1, "subcommand"));
        UsageError error = assertThrows(UsageError.class, () -> line.word(2, "MEETING_ID"));
        assertEquals("missing MEETING_ID", error.getMessage());
    }
}
