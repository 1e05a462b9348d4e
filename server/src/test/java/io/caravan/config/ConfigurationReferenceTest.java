package io.caravan.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

/**
 * Configuration is read in one place (Settings) and documented in two that must not drift from it: every key Settings
 * reads is in application.properties (the commented reference) and in docs/configuration.md.
 */
class ConfigurationReferenceTest {

    /** The keys Settings asks for, seen through a properties component that records them. */
    private static Set<String> keysSettingsReads() throws Exception {
        Set<String> keys = new TreeSet<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            PropertiesComponent real = camel.getPropertiesComponent();
            PropertiesComponent recording = (PropertiesComponent) Proxy.newProxyInstance(
                    PropertiesComponent.class.getClassLoader(), new Class<?>[] {PropertiesComponent.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("resolveProperty") && args != null && args[0] instanceof String key) {
                            keys.add(key);
                        }
                        return method.invoke(real, args);
                    });
            Settings.read(recording);
        }
        return keys;
    }

    @Test
    void everyKeySettingsReadsIsInApplicationPropertiesAndTheConfigurationDoc() throws Exception {
        Set<String> keys = keysSettingsReads();
        assertTrue(keys.size() > 40 && keys.contains("caravan.poll.interval"), "keys read: " + keys);
        String properties = Files.readString(Path.of("application.properties"));
        String doc = Files.readString(Path.of("docs/configuration.md"));
        Set<String> missing = new TreeSet<>();
        for (String key : keys) {
            if (!properties.matches("(?s).*(^|\\n)#? ?" + java.util.regex.Pattern.quote(key) + " ?=.*")) {
                missing.add(key + " (application.properties)");
            }
            if (!mentions(doc, key)) {
                missing.add(key + " (docs/configuration.md)");
            }
        }
        assertTrue(missing.isEmpty(), "keys Settings reads but the references lack: " + missing);
    }

    /** The doc names a key itself, or its family as `prefix.*`. */
    private static boolean mentions(String doc, String key) throws IOException {
        if (doc.contains("`" + key + "`")) {
            return true;
        }
        for (int dot = key.lastIndexOf('.'); dot > 0; dot = key.lastIndexOf('.', dot - 1)) {
            if (doc.contains("`" + key.substring(0, dot) + ".*`")) {
                return true;
            }
        }
        return false;
    }
}
