package io.caravan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.caravan.cli.CaravanCli;
import io.caravan.wiring.CaravanConfiguration;
import org.apache.camel.main.Main;

/**
 * Starts Caravan: camel-main with the routes in {@code routes/} and the configuration in
 * {@code application.properties} of the working directory (another file with {@code -Dcaravan.config=PATH}). Every
 * key can be overridden by {@code -Dkey=value} or an environment variable (CARAVAN_POLL_INTERVAL for
 * caravan.poll.interval).
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && CaravanCli.COMMANDS.contains(args[0])) {
            System.exit(CaravanCli.run(args, System.out, System.err, System.getenv()));
        }
        try {
            if (args.length > 0 && args[0].equals("demo")) {
                Demo.run();
                return;
            }
            if (args.length > 0) {
                System.err.println("unknown command '" + args[0] + "'; usage: java -jar caravan.jar [demo | status | nodes ... | meetings ... | help]");
                System.exit(2);
            }
            create(new Properties()).run();
        } catch (Throwable e) {
            System.err.println("Caravan failed to start: " + rootMessage(e));
            System.exit(1);
        }
    }

    /** A Caravan ready to start; {@code overrides} win over every other source of configuration. */
    public static Main create(Properties overrides) {
        Main main = new Main();
        main.configure().addConfiguration(CaravanConfiguration.class);
        // camel-main logs every property at start, masking only keys that look secret: the callbacks' HMAC key and
        // the Redis URL (which may hold Redis's password) do not look so to it
        main.configure().setAdditionalSensitiveKeywords("redis.url,callbacks.key");
        String config = System.getProperty("caravan.config",
                System.getenv().getOrDefault("CARAVAN_CONFIG", "application.properties"));
        // the first location that defines a key wins: the operator's file, then the defaults inside the jar
        main.setPropertyPlaceholderLocations("file:" + config + ";optional=true,"
                + "classpath:caravan-defaults/application.properties;optional=true");
        Properties effective = new Properties();
        if (!Files.isDirectory(Path.of("routes"))) {
            // started outside a Caravan directory (e.g. the demo from elsewhere): use the routes shipped in the jar
            effective.setProperty("camel.main.routes-include-pattern", "classpath:caravan-defaults/routes/*.camel.yaml");
        }
        // camel-main 4.18 resolves CAMEL_SERVER_* environment variables as placeholders but does not apply them to
        // the HTTP server it configures; an operator setting CAMEL_SERVER_PORT must get that port
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("CAMEL_SERVER_")) {
                effective.setProperty("camel.server." + name.substring("CAMEL_SERVER_".length())
                        .toLowerCase(java.util.Locale.ROOT).replace('_', '-'), value);
            }
        });
        effective.putAll(overrides);
        // Caravan runs the API server itself (io.caravan.http.ApiServer) from the camel.server.* keys; Camel's would
        // take the same port
        effective.setProperty("camel.server.enabled", "false");
        main.setOverrideProperties(effective);
        return main;
    }

    public static String version() {
        String version = Application.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }

    private static String rootMessage(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString();
    }
}
