package io.caravan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.caravan.cli.CaravanCli;
import io.caravan.wiring.AdminConfiguration;
import io.caravan.wiring.ApiConfiguration;
import io.caravan.wiring.ApiServerConfiguration;
import io.caravan.wiring.CallbacksConfiguration;
import io.caravan.wiring.InventoryConfiguration;
import io.caravan.wiring.MaintenanceConfiguration;
import io.caravan.wiring.MeetingsConfiguration;
import io.caravan.wiring.MetricsConfiguration;
import io.caravan.wiring.NodeCallsConfiguration;
import io.caravan.wiring.OpsConfiguration;
import io.caravan.wiring.PlaybackConfiguration;
import io.caravan.wiring.PollingConfiguration;
import io.caravan.wiring.RecordingsConfiguration;
import io.caravan.wiring.SettingsConfiguration;
import io.caravan.wiring.StoreConfiguration;
import io.caravan.wiring.VoiceConfiguration;
import io.caravan.wiring.WebhooksConfiguration;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainConfigurationProperties;

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
        addWiring(main.configure());
        // camel-main logs every property at start, masking only keys that look secret: the HMAC keys of callbacks
        // and playback links and the Redis URL (which may hold Redis's password) do not look so to it
        main.configure().setAdditionalSensitiveKeywords(
                "redis.url,callbacks.key,recordings.database.url,recordings.s3.access-key,"
                        + "recordings.playback.signing-key");
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
        // the wiring is @BindToRegistry factories, which Camel's bean post processor runs
        effective.setProperty("camel.main.bean-post-processor-enabled", "true");
        main.setOverrideProperties(effective);
        return main;
    }

    /**
     * Caravan's beans: the areas in the order their beans are built. Each class's factories take settings, beans of the
     * classes above it and its own lazy beans (see io.caravan.wiring); instances, so that each factory runs once. The
     * route tests wire Caravan with this too.
     */
    public static void addWiring(MainConfigurationProperties configuration) {
        configuration.addConfiguration(new SettingsConfiguration());
        configuration.addConfiguration(new MetricsConfiguration());
        // Redis connects here, before the inventory (with its admin changes) is read
        configuration.addConfiguration(new StoreConfiguration());
        configuration.addConfiguration(new InventoryConfiguration());
        configuration.addConfiguration(new NodeCallsConfiguration());
        // after the store and the node client: the context stops its services in reverse, the API server first
        configuration.addConfiguration(new ApiServerConfiguration());
        configuration.addConfiguration(new MeetingsConfiguration());
        configuration.addConfiguration(new VoiceConfiguration());
        configuration.addConfiguration(new ApiConfiguration());
        configuration.addConfiguration(new CallbacksConfiguration());
        configuration.addConfiguration(new WebhooksConfiguration());
        configuration.addConfiguration(new RecordingsConfiguration());
        // after the recordings: playback reads their store and catalog
        configuration.addConfiguration(new PlaybackConfiguration());
        configuration.addConfiguration(new PollingConfiguration());
        // before the admin API, whose cordon and windows go through it
        configuration.addConfiguration(new MaintenanceConfiguration());
        configuration.addConfiguration(new AdminConfiguration());
        configuration.addConfiguration(new OpsConfiguration());
    }

    public static String version() {
        String version = Application.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }

    private static String rootMessage(Throwable e) {
        StringBuilder message = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = t.getMessage();
            // a wrapper whose message only names its cause, as Camel wraps what a @BindToRegistry factory throws
            boolean wrapper = t.getCause() != null && String.valueOf(t.getCause()).equals(text);
            if (text != null && !wrapper && !message.toString().contains(text)) {
                message.append(message.length() == 0 ? "" : ": ").append(text);
            }
        }
        return message.length() > 0 ? message.toString() : String.valueOf(e);
    }
}
