package io.caravan.api;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.caravan.emulator.EmulatedNode;
import io.caravan.support.CaravanUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The BBB client libraries integrators use from npm (bigbluebutton-js, bbb-promise), run by our drivers in
 * src/test/js/clients through Caravan and, as the control, against one emulated node alone. Every check of every
 * driver is a test of its own, so a difference shows as the check that fails through Caravan and passes on the node.
 * Needs Node.js 18+ and npm: `npm ci` installs the pinned libraries into target/client-drivers.
 */
@Tag("end-to-end")
class ClientLibrariesTest {

    private static final Path SOURCES = Path.of("server/src/test/js/clients");
    private static final Path INSTALL = Path.of("target/client-drivers");
    private static final List<String> DRIVERS = List.of("bigbluebutton-js", "bbb-promise");
    private static final String NODE_SECRET = "lone-node-secret";
    private static final Pattern CHECK = Pattern.compile("^(ok|not ok) - (.+?)(?:: (.*))?$");

    private static CaravanUnderTest caravan;
    private static EmulatedNode loneNode;

    @BeforeAll
    static void start() throws Exception {
        installDrivers();
        caravan = CaravanUnderTest.builder().nodes(2)
                .property("caravan.recordings.poll-interval", "300ms")
                .prepareNodes(nodes -> {
                    for (int i = 0; i < DRIVERS.size(); i++) {
                        addRecording(nodes.get(i % nodes.size()), DRIVERS.get(i));
                    }
                })
                .start();
        loneNode = EmulatedNode.start("lone", 0, NODE_SECRET);
        DRIVERS.forEach(driver -> addRecording(loneNode, driver));
        CaravanUnderTest.await(() -> DRIVERS.stream().allMatch(driver -> caravan.client()
                .get("getRecordings", "state=any").body().contains("<recordID>" + recordId(driver) + "</recordID>")),
                "the drivers' recordings indexed by Caravan");
    }

    @AfterAll
    static void stop() {
        if (caravan != null) {
            caravan.close();
        }
        if (loneNode != null) {
            loneNode.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> throughCaravan() {
        return DRIVERS.stream().map(driver -> run(driver, caravan.baseUrl() + "/bigbluebutton",
                CaravanUnderTest.SECRET, "caravan"));
    }

    @TestFactory
    Stream<DynamicNode> onOneEmulatedNodeAlone() {
        String base = loneNode.baseUrl().substring(0, loneNode.baseUrl().length() - "/api".length());
        return DRIVERS.stream().map(driver -> run(driver, base, NODE_SECRET, "node"));
    }

    private static void addRecording(EmulatedNode node, String driver) {
        node.addRecording(recordMeetingId(driver), recordId(driver), true, Map.of("origin", driver));
    }

    private static String recordId(String driver) {
        return "rec-" + driver;
    }

    private static String recordMeetingId(String driver) {
        return "rec-room-" + driver;
    }

    /** One driver against one API: a container with one test per check the driver printed. */
    private static DynamicContainer run(String driver, String bbbUrl, String secret, String target) {
        String name = driver + " (" + target + ")";
        ProcessBuilder process = new ProcessBuilder("node", driver + ".driver.js")
                .directory(INSTALL.toFile()).redirectErrorStream(true);
        Map<String, String> env = process.environment();
        // the libraries' HTTP clients honour proxy variables; loopback calls must not go to a proxy
        env.keySet().removeIf(key -> key.toLowerCase().endsWith("_proxy"));
        env.put("NO_PROXY", "127.0.0.1,localhost");
        env.put("BBB_URL", bbbUrl);
        env.put("BBB_SECRET", secret);
        env.put("RECORD_ID", recordId(driver));
        env.put("RECORD_MEETING_ID", recordMeetingId(driver));
        env.put("RUN_ID", target);
        env.put("TARGET", target);
        String output;
        try {
            output = runToEnd(process, 120);
        } catch (IOException e) {
            return DynamicContainer.dynamicContainer(name, Stream.of(DynamicTest.dynamicTest("driver runs",
                    () -> fail("could not run node for " + driver + ": " + e.getMessage()))));
        }
        List<DynamicTest> checks = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = CHECK.matcher(line.strip());
            if (m.matches()) {
                boolean ok = m.group(1).equals("ok");
                String check = m.group(2);
                String why = m.group(3);
                checks.add(DynamicTest.dynamicTest(check, () -> {
                    if (!ok) {
                        fail(name + " - " + check + ": " + why);
                    }
                }));
            }
        }
        if (checks.isEmpty() || !output.contains("# ")) {
            checks.add(DynamicTest.dynamicTest("driver ran to its end",
                    () -> fail(name + " did not finish its checks:\n" + output)));
        }
        return DynamicContainer.dynamicContainer(name, checks.stream());
    }

    /** Copies the drivers to target/ and runs `npm ci` there, unless that lock file is installed already. */
    private static void installDrivers() throws Exception {
        requireTool("node", "--version");
        requireTool("npm", "--version");
        Files.createDirectories(INSTALL);
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, INSTALL.resolve(file.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path installedLock = INSTALL.resolve("node_modules/.caravan-installed-lock.json");
        byte[] lock = Files.readAllBytes(SOURCES.resolve("package-lock.json"));
        if (Files.exists(installedLock) && Arrays.equals(lock, Files.readAllBytes(installedLock))) {
            return;
        }
        ProcessBuilder npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                .directory(INSTALL.toFile()).redirectErrorStream(true);
        String output = runToEnd(npm, 300);
        if (!Files.isDirectory(INSTALL.resolve("node_modules/bigbluebutton-js"))
                || !Files.isDirectory(INSTALL.resolve("node_modules/bbb-promise"))) {
            fail("npm ci in " + INSTALL + " did not install the client libraries:\n" + output);
        }
        Files.write(installedLock, lock);
    }

    private static void requireTool(String tool, String versionFlag) {
        try {
            String version = runToEnd(new ProcessBuilder(tool, versionFlag).redirectErrorStream(true), 30).strip();
            if (tool.equals("node") && !version.matches("v(1[89]|[2-9]\\d)\\..*")) {
                fail("ClientLibrariesTest needs Node.js 18 or newer (for fetch); found " + version);
            }
        } catch (IOException e) {
            fail("ClientLibrariesTest needs '" + tool + "' (Node.js 18+ with npm) on the PATH to run the npm client"
                    + " libraries' drivers: " + e.getMessage());
        }
    }

    private static String runToEnd(ProcessBuilder builder, int timeoutSeconds) throws IOException {
        Process process = builder.start();
        process.getOutputStream().close();
        byte[][] output = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                output[0] = process.getInputStream().readAllBytes();
            } catch (IOException e) {
                output[0] = ("reading the output failed: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
            }
        }, "client-driver-output");
        reader.start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", builder.command()) + " did not finish within " + timeoutSeconds + " s");
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            fail("interrupted while running " + builder.command());
        }
        return output[0] == null ? "" : new String(output[0], StandardCharsets.UTF_8);
    }
}
