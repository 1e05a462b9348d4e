package io.caravan.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.caravan.Application;
import io.caravan.emulator.EmulatedNode;
import io.caravan.nodes.NodeRegistry;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Tag;

/**
 * A real Caravan (camel-main, the routes in routes/, platform-http on a free port) in front of emulated BBB nodes on
 * loopback ports, for end-to-end tests.
 */
@Tag("end-to-end")
public final class CaravanUnderTest implements AutoCloseable {

    public static final String SECRET = "caravan-test-secret";
    /** The admin token of Caravans built with {@link Builder#adminApi()}. */
    public static final String ADMIN_TOKEN = "caravan-test-admin-token";

    private final List<EmulatedNode> nodes;
    private final Properties properties;
    private int port;
    private final Path inventory;
    private final Path dataDir;
    private Main main;
    /** False for {@link #another()} instances: the first one closes the nodes and the inventory. */
    private final boolean ownsNodes;
    private boolean waitsForPolls = true;

    private CaravanUnderTest(List<EmulatedNode> nodes, Properties properties, int port, Path inventory,
            Path dataDir, boolean ownsNodes) {
        this.nodes = nodes;
        this.properties = properties;
        this.port = port;
        this.inventory = inventory;
        this.dataDir = dataDir;
        this.ownsNodes = ownsNodes;
    }

    /**
     * A second Caravan instance in this JVM, as an operator runs several behind a proxy: same configuration,
     * inventory file and nodes, its own port and data dir. Properties given here override the first one's. It waits
     * for poll cycles at start as the first one did.
     */
    public CaravanUnderTest another(String... keyValues) {
        try {
            Properties props = new Properties();
            props.putAll(properties);
            int newPort = freePort();
            props.setProperty("camel.server.port", String.valueOf(newPort));
            Path newDataDir = Files.createTempDirectory("caravan-data");
            props.setProperty("caravan.data-dir", newDataDir.toString());
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                props.setProperty(keyValues[i], keyValues[i + 1]);
            }
            CaravanUnderTest other = new CaravanUnderTest(nodes, props, newPort, inventory, newDataDir, false);
            other.startCaravan(waitsForPolls);
            return other;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bean of this Caravan's registry, e.g. "meetingDirectory". */
    public <T> T bean(String name, Class<T> type) {
        return main.getCamelContext().getRegistry().lookupByNameAndType(name, type);
    }

    /** Stops this Caravan (close() still cleans up); for tests of what the others do without it. */
    public void stop() {
        main.stop();
    }

    /** The inventory file Caravan reads (and watches). */
    public Path inventory() {
        return inventory;
    }

    /** Caravan's caravan.data-dir (a temporary directory). */
    public Path dataDir() {
        return dataDir;
    }

    /** Base URL of the admin API server, e.g. for the command line's --url. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Stops this Caravan and starts a new one with the same configuration, inventory, data dir and nodes. The new one
     * listens on a new port: the stopped HTTP server may hold the old one for a while. Properties given here override
     * the old ones (e.g. the caravan.public-url of an instance behind another's URL, which has moved).
     */
    public void restart(String... keyValues) {
        main.getCamelContext().stop();
        main.stop();
        String ownUrl = "http://127.0.0.1:" + port;
        port = freePort();
        properties.setProperty("camel.server.port", String.valueOf(port));
        if (ownUrl.equals(properties.getProperty("caravan.public-url"))) {
            // nodes call back the Caravan that runs now
            properties.setProperty("caravan.public-url", "http://127.0.0.1:" + port);
        }
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        startCaravan(true);
    }

    private void startCaravan(boolean waitForPolls) {
        this.waitsForPolls = waitForPolls;
        main = Application.create(properties);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("Caravan did not start: " + e.getMessage(), e);
        }
        if (waitForPolls) {
            awaitPolls(2);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public EmulatedNode node(int index) {
        return nodes.get(index);
    }

    public List<EmulatedNode> nodes() {
        return nodes;
    }

    public int port() {
        return port;
    }

    public String apiUrl() {
        return baseUrl() + "/bigbluebutton/api";
    }

    public BbbClient client() {
        return new BbbClient(apiUrl(), SECRET);
    }

    public NodeRegistry registry() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("nodeRegistry", NodeRegistry.class);
    }

    /** Waits until Caravan sees the node (by name) online, or offline. */
    public void awaitOnline(String name, boolean online) {
        await(() -> registry().canServe(name) == online, "node " + name + " online=" + online);
    }

    /** Waits for this many more complete poll cycles, so Caravan has seen the nodes' current state. */
    public void awaitPolls(int cycles) {
        long target = registry().completedPollCycles() + cycles;
        await(() -> registry().completedPollCycles() >= target, cycles + " poll cycles");
    }

    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            // stopping is best effort; the JVM ends with the test run
        }
        try {
            if (ownsNodes) {
                nodes.forEach(EmulatedNode::close);
                Files.deleteIfExists(inventory);
            }
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (IOException e) {
            // temp files
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class Builder {
        private int nodeCount = 3;
        private final Properties overrides = new Properties();
        private final List<String> nodeExtras = new ArrayList<>();
        private String clusters = "";
        private boolean useLoadUrls;
        private final java.util.Set<Integer> wrongSecrets = new java.util.HashSet<>();

        /** Declares node i with a secret the node does not have: it answers every call FAILED/checksumError. */
        public Builder wrongSecret(int index) {
            wrongSecrets.add(index);
            return this;
        }
        private Consumer<List<EmulatedNode>> prepareNodes = nodes -> { };
        private boolean awaitPolls = true;
        private boolean publicUrl;

        /** Sets caravan.public-url to this Caravan's own loopback URL, so nodes' callbacks come back to it. */
        public Builder publicUrl() {
            this.publicUrl = true;
            return this;
        }

        public Builder nodes(int count) {
            this.nodeCount = count;
            return this;
        }

        /** Extra YAML lines for node i (indented under its entry), e.g. "load-factor: 0.5". */
        public Builder nodeYaml(int index, String yaml) {
            while (nodeExtras.size() <= index) {
                nodeExtras.add("");
            }
            nodeExtras.set(index, yaml);
            return this;
        }

        public Builder clustersYaml(String yaml) {
            this.clusters = yaml;
            return this;
        }

        /** Turns the admin API on with {@link #ADMIN_TOKEN}. */
        public Builder adminApi() {
            return property("caravan.admin.token", ADMIN_TOKEN);
        }

        public Builder property(String key, String value) {
            overrides.setProperty(key, value);
            return this;
        }

        /** Runs on the started nodes before Caravan starts, e.g. to make one hang from the first poll on. */
        public Builder prepareNodes(Consumer<List<EmulatedNode>> prepare) {
            this.prepareNodes = prepare;
            return this;
        }

        /** Like {@link #start()}, but returns as soon as Caravan started, before any poll cycle completed. */
        public CaravanUnderTest startWithoutWaitingForPolls() {
            this.awaitPolls = false;
            return start();
        }

        /** Like {@link #start()}, with LOADi in node YAML replaced by node i's load URL. */
        public CaravanUnderTest startWithLoadUrls() {
            this.useLoadUrls = true;
            return start();
        }

        /** Starts the nodes and Caravan, and waits for two poll cycles. */
        public CaravanUnderTest start() {
            List<EmulatedNode> nodes = new ArrayList<>();
            StringBuilder yaml = new StringBuilder(clusters).append("nodes:\n");
            for (int i = 0; i < nodeCount; i++) {
                EmulatedNode node = EmulatedNode.start("bbb" + (i + 1), 0, "node-secret-" + (i + 1));
                nodes.add(node);
                yaml.append("  - name: ").append(node.name()).append('\n')
                        .append("    url: ").append(node.baseUrl()).append('\n')
                        .append("    secret: ").append(wrongSecrets.contains(i) ? "not-the-node-secret"
                                : node.secret()).append('\n');
                if (i < nodeExtras.size() && !nodeExtras.get(i).isBlank()) {
                    String extra = useLoadUrls ? nodeExtras.get(i).replace("LOAD" + i, node.loadUrl())
                            : nodeExtras.get(i);
                    for (String line : extra.split("\n")) {
                        yaml.append("    ").append(line).append('\n');
                    }
                }
            }
            try {
                prepareNodes.accept(nodes);
                Path inventory = Files.createTempFile("caravan-inventory", ".yaml");
                Files.writeString(inventory, yaml);
                int port = freePort();
                Properties props = new Properties();
                props.setProperty("camel.server.port", String.valueOf(port));
                props.setProperty("camel.server.host", "127.0.0.1");
                props.setProperty("caravan.secret", SECRET);
                props.setProperty("caravan.inventory", inventory.toString());
                props.setProperty("caravan.poll.interval", "200ms");
                props.setProperty("caravan.poll.timeout", "1s");
                props.setProperty("caravan.node.timeout", "5s");
                props.setProperty("caravan.lookup.timeout", "1s");
                props.setProperty("caravan.inventory.watch-interval", "200ms");
                Path dataDir = Files.createTempDirectory("caravan-data");
                props.setProperty("caravan.data-dir", dataDir.toString());
                if (publicUrl) {
                    props.setProperty("caravan.public-url", "http://127.0.0.1:" + port);
                }
                props.putAll(overrides);
                CaravanUnderTest caravan = new CaravanUnderTest(nodes, props, port, inventory, dataDir, true);
                caravan.startCaravan(awaitPolls);
                return caravan;
            } catch (Exception e) {
                nodes.forEach(EmulatedNode::close);
                throw new IllegalStateException("Caravan did not start: " + e.getMessage(), e);
            }
        }
    }
}
