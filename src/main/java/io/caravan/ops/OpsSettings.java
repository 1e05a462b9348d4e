package io.caravan.ops;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The operations endpoints' configuration. Read here rather than in {@code config.Settings} because the admin API
 * (another branch) adds {@code caravan.admin.token} there too; both read the same key from the same sources, so
 * whichever lands first, the other can be folded into it without a behaviour change.
 *
 * @param adminToken caravan.admin.token: the bearer token /stats and /metrics require; empty: they are open
 */
public record OpsSettings(String adminToken) {

    public static OpsSettings read(PropertiesComponent properties) {
        return new OpsSettings(properties.resolveProperty("caravan.admin.token").orElse("").trim());
    }

    public boolean tokenRequired() {
        return !adminToken.isEmpty();
    }

    @Override
    public String toString() {
        // records print every component; the token must never reach a log line
        return "OpsSettings[adminToken=" + (tokenRequired() ? "set" : "none") + "]";
    }
}
