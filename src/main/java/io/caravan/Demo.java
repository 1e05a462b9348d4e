package io.caravan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.caravan.bbb.Checksum;
import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.emulator.EmulatedNode;
import io.caravan.emulator.EmulatorMain;
import org.apache.camel.main.Main;

/**
 * {@code java -jar target/caravan.jar demo}: three emulated BBB nodes on ports 9001-9003 and Caravan in front of
 * them, in one process, with URLs to try printed. Nothing to install, nothing real behind it.
 */
final class Demo {

    private static final String SECRET = "demo-secret";

    private Demo() {
    }

    static void run() throws Exception {
        List<EmulatedNode> nodes = EmulatorMain.startAll(3, 9001, "demo-node-secret", "bbb");
        StringBuilder yaml = new StringBuilder("nodes:\n");
        for (EmulatedNode node : nodes) {
            yaml.append("  - name: ").append(node.name()).append("\n    url: ").append(node.baseUrl())
                    .append("\n    secret: ").append(node.secret())
                    .append("\n    load-url: ").append(node.loadUrl()).append('\n');
        }
        Path inventory = Files.createTempFile("caravan-demo-inventory", ".yaml");
        inventory.toFile().deleteOnExit();
        Files.writeString(inventory, yaml);

        Properties overrides = new Properties();
        overrides.setProperty("caravan.inventory", inventory.toString());
        overrides.setProperty("caravan.secret", SECRET);
        overrides.setProperty("caravan.poll.interval", "2s");
        Main main = Application.create(overrides);
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport started) {
                printTryIt(started.getCamelContext().getPropertiesComponent()
                        .resolveProperty("camel.server.port").orElse("8090"));
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> nodes.forEach(EmulatedNode::close), "demo-stop"));
        main.run();
    }

    private static void printTryIt(String port) {
        String api = "http://localhost:" + port + "/bigbluebutton/api/";
        String create = "name=Demo+Room&meetingID=demo-room";
        String join = "meetingID=demo-room&fullName=Demo+User&role=MODERATOR&redirect=false";
        System.out.println();
        System.out.println("Caravan demo: 3 emulated BBB nodes behind " + api + " (secret " + SECRET + ")");
        System.out.println("Try it:");
        System.out.println("  curl '" + api + "create?" + sign("create", create) + "'");
        System.out.println("  curl -i '" + api + "join?" + sign("join", join) + "'");
        System.out.println("  curl '" + api + "getMeetings?" + sign("getMeetings", "") + "'");
        System.out.println("Stop with Ctrl-C.");
        System.out.println();
    }

    private static String sign(String call, String query) {
        return Checksum.sign(ChecksumAlgorithm.SHA256, call, query, SECRET);
    }
}
