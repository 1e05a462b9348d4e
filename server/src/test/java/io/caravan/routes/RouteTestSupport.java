package io.caravan.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import io.caravan.emulator.EmulatedNode;
import io.caravan.nodes.NodeRegistry;
import io.caravan.support.AdminHttp;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.Application;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * A route test: Caravan's routes (routes/*.camel.yaml, as edited in the working tree) and its real beans, started
 * in-process by camel-test-main-junit5 once per test class, in front of emulated BBB nodes on loopback ports. It is
 * what an integrator runs after editing one route file; each file has its own test class, which exercises that
 * file's routes. Start-up takes a second or two, each test milliseconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RouteTestSupport extends CamelMainTestSupport {

    static final String SECRET = "route-test-secret";
    static final String ADMIN_TOKEN = "route-test-admin-token";
    static final String NODE_SECRET = "route-test-node-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    // set in configureContext, which CamelTestSupport's constructor calls: no initializers here, they would run after
    // it and undo the setup
    private List<EmulatedNode> nodes;
    private Path dir;
    private int port;
    private boolean online;

    /** How many emulated nodes the test runs against (called from the constructor: answer a constant). */
    protected int nodeCount() {
        return 2;
    }

    /**
     * Settings of this test on top of the route tests' own (short polls, an admin token, a free port); called from
     * the constructor, so it may use only what is static.
     */
    protected Properties settings() {
        return new Properties();
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        Application.addWiring(configuration);
        configuration.withRoutesIncludePattern("file:routes/*.camel.yaml");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        try {
            if (nodes == null) {
                nodes = new ArrayList<>();
                dir = Files.createTempDirectory("caravan-route-test");
                port = CaravanUnderTest.freePort();
                StringBuilder inventory = new StringBuilder("nodes:\n");
                for (int i = 1; i <= nodeCount(); i++) {
                    EmulatedNode node = EmulatedNode.start("bbb" + i, 0, NODE_SECRET);
                    nodes.add(node);
                    inventory.append("  - name: ").append(node.name()).append("\n    url: ").append(node.baseUrl())
                            .append("\n    secret: ").append(NODE_SECRET).append('\n');
                }
                Files.writeString(dir.resolve("inventory.yaml"), inventory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties properties = new Properties();
        // what Application forces too: Caravan runs its own server, and the wiring needs the bean post-processor
        properties.setProperty("camel.server.enabled", "false");
        properties.setProperty("camel.main.bean-post-processor-enabled", "true");
        properties.setProperty("camel.server.host", "127.0.0.1");
        properties.setProperty("camel.server.port", Integer.toString(port));
        properties.setProperty("caravan.secret", SECRET);
        properties.setProperty("caravan.admin.token", ADMIN_TOKEN);
        properties.setProperty("caravan.inventory", dir.resolve("inventory.yaml").toString());
        properties.setProperty("caravan.data-dir", dir.resolve("data").toString());
        properties.setProperty("caravan.poll.interval", "200ms");
        properties.setProperty("caravan.poll.timeout", "1s");
        properties.setProperty("caravan.lookup.timeout", "1s");
        properties.setProperty("caravan.inventory.watch-interval", "200ms");
        properties.putAll(settings());
        context.withUseOverridePropertiesWithPropertiesComponent(properties);
    }

    /** Every test starts with the nodes polled and online (CamelTestSupport's own @BeforeEach started Caravan). */
    @BeforeEach
    void nodesOnline() {
        if (!online) {
            awaitNodesOnline();
            online = true;
        }
    }

    @AfterAll
    void closeNodes() {
        if (nodes != null) {
            nodes.forEach(EmulatedNode::close);
        }
    }

    EmulatedNode node(int index) {
        return nodes.get(index);
    }

    List<EmulatedNode> nodes() {
        return nodes;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    BbbClient client() {
        return new BbbClient(baseUrl() + "/bigbluebutton/api", SECRET);
    }

    AdminHttp admin() {
        return new AdminHttp(baseUrl(), ADMIN_TOKEN);
    }

    /** A plain HTTP request to Caravan ({@code token}: a bearer token, or null for none). */
    HttpResponse<String> http(String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    <T> T bean(String name, Class<T> type) {
        return context.getRegistry().lookupByNameAndType(name, type);
    }

    NodeRegistry registry() {
        return bean("nodeRegistry", NodeRegistry.class);
    }

    /** Waits until every node was polled and is online (the routes poll them at start). */
    void awaitNodesOnline() {
        await(() -> nodes.stream().allMatch(node -> registry().status(node.name())
                .map(status -> status.online()).orElse(false)), "all nodes online");
    }

    static void await(BooleanSupplier condition, String what) {
        CaravanUnderTest.await(condition, what);
    }
}
