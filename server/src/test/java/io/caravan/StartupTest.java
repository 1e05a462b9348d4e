package io.caravan;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Startup refuses configurations that cannot work, with a message an operator can act on. */
@Tag("end-to-end")
class StartupTest {

    private static String startupError(Properties properties) {
        Main main = Application.create(properties);
        try {
            Exception e = assertThrows(Exception.class, main::start);
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append(" | ");
            }
            return messages.toString();
        } finally {
            try {
                main.stop();
            } catch (Exception ignored) {
                // the context never started
            }
        }
    }

    private static Properties base(Path inventory, int port) {
        Properties p = new Properties();
        p.setProperty("camel.server.port", String.valueOf(port));
        p.setProperty("camel.server.host", "127.0.0.1");
        p.setProperty("caravan.secret", "s");
        p.setProperty("caravan.inventory", inventory.toString());
        return p;
    }

    @Test
    void failsFastWhenTheApiPortIsTaken() throws Exception {
        Path inventory = Files.createTempFile("inv", ".yaml");
        Files.writeString(inventory, "nodes: []\n");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String error = startupError(base(inventory, taken.getLocalPort()));
            assertTrue(error.contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), error);
        }
    }

    @Test
    void badInventoryStopsStartupNamingTheEntry() throws Exception {
        Path inventory = Files.createTempFile("inv", ".yaml");
        Files.writeString(inventory, "nodes:\n  - name: bbb1\n    url: not-a-url\n    secret: s\n");
        String error = startupError(base(inventory, io.caravan.support.CaravanUnderTest.freePort()));
        assertTrue(error.contains("nodes[0] (bbb1): url 'not-a-url'"), error);
    }

    @Test
    void badConfigurationValueNamesTheKey() throws Exception {
        Path inventory = Files.createTempFile("inv", ".yaml");
        Files.writeString(inventory, "nodes: []\n");
        Properties p = base(inventory, io.caravan.support.CaravanUnderTest.freePort());
        p.setProperty("caravan.health.offline-after", "zero");
        String error = startupError(p);
        assertTrue(error.contains("caravan.health.offline-after"), error);
    }
}
