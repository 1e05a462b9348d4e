package io.caravan.emulator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs emulated BBB nodes as a standalone process, for the demo and for benchmarks driving Caravan from outside:
 * {@code --nodes 3 --base-port 9001 --secret emulator-secret --name-prefix bbb}. Nodes are named {@code bbb1},
 * {@code bbb2}, ... on consecutive ports; each prints {@code name url secret} on one line so scripts can read them.
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int count = 3;
        int basePort = 9001;
        String secret = "emulator-secret";
        String prefix = "bbb";
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                usage("missing value for " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--nodes" -> count = parseInt(option, value);
                case "--base-port" -> basePort = parseInt(option, value);
                case "--secret" -> secret = value;
                case "--name-prefix" -> prefix = value;
                default -> usage("unknown option " + option);
            }
        }
        quietenNetworkLibraries();
        List<EmulatedNode> nodes = startAll(count, basePort, secret, prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> nodes.forEach(EmulatedNode::close), "emulator-stop"));
        for (EmulatedNode node : nodes) {
            System.out.println(node.name() + " " + node.baseUrl() + " " + node.secret());
        }
        System.out.flush();
        // the nodes live on Vert.x threads; main only waits for the process to be killed
        new CountDownLatch(1).await();
    }

    /**
     * Starts {@code count} nodes named {@code prefix1..prefixN} on {@code basePort..basePort+count-1} (all on free
     * ports when basePort is 0). If one cannot start, those already started are closed again.
     */
    public static List<EmulatedNode> startAll(int count, int basePort, String secret, String prefix) {
        if (count < 1) {
            throw new IllegalArgumentException("node count must be at least 1, not " + count);
        }
        if (basePort != 0 && (basePort < 1 || basePort + count - 1 > 65535)) {
            throw new IllegalArgumentException("ports " + basePort + ".." + (basePort + count - 1) + " are not valid");
        }
        List<EmulatedNode> started = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                started.add(EmulatedNode.start(prefix + (i + 1), basePort == 0 ? 0 : basePort + i, secret));
            }
        } catch (RuntimeException e) {
            started.forEach(EmulatedNode::close);
            throw e;
        }
        return List.copyOf(started);
    }

    /**
     * Without a logback configuration, logback logs everything at DEBUG to stdout, and Netty and Vert.x are chatty
     * enough to bury the node lines scripts read. Levels set by a real configuration are left alone.
     */
    private static void quietenNetworkLibraries() {
        for (String library : List.of("io.netty", "io.vertx")) {
            if (LoggerFactory.getLogger(library) instanceof Logger logger && logger.getLevel() == null) {
                logger.setLevel(Level.INFO);
            }
        }
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage(option + " needs a number, not '" + value + "'");
            return 0;
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: EmulatorMain [--nodes 3] [--base-port 9001] [--secret emulator-secret]"
                + " [--name-prefix bbb]");
        System.exit(2);
    }
}
