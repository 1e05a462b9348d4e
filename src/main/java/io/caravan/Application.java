package io.caravan;

import java.util.Properties;

import io.caravan.config.CaravanConfiguration;
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
        try {
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
        String config = System.getProperty("caravan.config",
                System.getenv().getOrDefault("CARAVAN_CONFIG", "application.properties"));
        main.setPropertyPlaceholderLocations("file:" + config + ";optional=true");
        main.setOverrideProperties(overrides);
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
