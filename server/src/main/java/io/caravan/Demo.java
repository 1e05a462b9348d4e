package io.caravan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.caravan.bbb.Checksum;
import io.caravan.bbb.ChecksumAlgorithm;
import org.apache.camel.main.Main;

/**
 * {@code java -jar target/caravan.jar demo}: three emulated BBB nodes on ports 9001-9003 and Caravan in front of
 * them, with URLs to try printed. Nothing to install, nothing real behind it. The nodes are the emulator's own jar
 * ({@code target/caravan-emulator.jar}, built beside this one), run as a child process: the product jar does not
 * carry the emulator.
 */
final class Demo {

    private static final String SECRET = "demo-secret";
    private static final int NODES = 3;
    private static final String EMULATOR_JAR = "caravan-emulator.jar";

    private Demo() {
    }

    static void run() throws Exception {
        Path emulatorJar = emulatorJar();
        Process emulator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", emulatorJar.toString(), "--nodes", Integer.toString(NODES), "--base-port", "9001",
                "--secret", "demo-node-secret", "--name-prefix", "bbb")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::destroy, "demo-stop"));
        List<String[]> nodes = startedNodes(emulator);

        StringBuilder yaml = new StringBuilder("nodes:\n");
        for (String[] node : nodes) {
            String url = node[1];
            yaml.append("  - name: ").append(node[0]).append("\n    url: ").append(url)
                    .append("\n    secret: ").append(node[2])
                    .append("\n    load-url: ").append(url.replace("/bigbluebutton/api", "/emulator/load")).append('\n');
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
        main.run();
    }

    /** The emulator's jar beside the running product jar, else in ./target (a build run from the repository). */
    private static Path emulatorJar() throws URISyntaxException {
        List<Path> candidates = new ArrayList<>();
        Path self = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(self)) {
            candidates.add(self.resolveSibling(EMULATOR_JAR));
        }
        candidates.add(Path.of("target", EMULATOR_JAR));
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                "the demo runs the emulated BBB nodes from " + EMULATOR_JAR + ", which is not at " + candidates
                        + "; build both jars from the repository root with: mvn -B -DskipTests package"));
    }

    /** Reads the emulator's "name url secret" lines, one per node, then keeps its output flowing. */
    private static List<String[]> startedNodes(Process emulator) throws IOException, InterruptedException {
        BufferedReader out = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
        List<String[]> nodes = new ArrayList<>();
        String line;
        while (nodes.size() < NODES && (line = out.readLine()) != null) {
            String[] fields = line.trim().split(" ");
            if (fields.length == 3 && fields[1].startsWith("http")) {
                nodes.add(fields);
            }
        }
        if (nodes.size() < NODES) {
            emulator.waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException("the emulated nodes did not start (ports 9001-9003 taken?); exit code "
                    + (emulator.isAlive() ? "none yet" : emulator.exitValue()));
        }
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }), "demo-emulator-output");
        drain.setDaemon(true);
        drain.start();
        return nodes;
    }

    private static void printTryIt(String port) {
        String api = "http://localhost:" + port + "/bigbluebutton/api/";
        String create = "name=Demo+Room&meetingID=demo-room";
        String join = "meetingID=demo-room&fullName=Demo+User&role=MODERATOR&redirect=false";
        System.out.println();
        System.out.println("Caravan demo: " + NODES + " emulated BBB nodes behind " + api + " (secret " + SECRET + ")");
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
