package io.caravan.ops;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import io.caravan.admin.AdminGate;
import io.caravan.inventory.Tenant;
import io.caravan.inventory.Tenants;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Guards the operations endpoints that reveal usage (statistics, metrics) with the admin bearer token, when one is
 * configured. Without a token they are open (unlike the admin API, which then stays off): a fresh install behind a
 * private network must be observable at once, and an operator exposing Caravan publicly sets caravan.admin.token.
 * A tenant's {@code stats-token} opens {@code /stats} for that tenant's own figures only, whether or not an admin
 * token is set; it never opens {@code /metrics}, whose node figures are the operator's.
 */
public final class AdminAccess {

    private static final String BEARER = "Bearer ";

    private final AdminGate gate;
    private final Tenants tenants;

    public AdminAccess(AdminGate gate, Tenants tenants) {
        this.gate = gate;
        this.tenants = tenants;
    }

    /** Lets the request on, or marks it {@link ExchangeProperties#OPS_UNAUTHORIZED}. */
    public void require(Exchange exchange, @Header("Authorization") String authorization) {
        if (gate.enabled() && !gate.accepts(authorization)) {
            exchange.setProperty(ExchangeProperties.OPS_UNAUTHORIZED, true);
        }
    }

    /** The admin token (or none when none is set) sees all statistics; a tenant's stats-token its own. */
    public void requireForStats(Exchange exchange, @Header("Authorization") String authorization) {
        exchange.removeProperty(ExchangeProperties.STATS_TENANT);
        if (gate.accepts(authorization)) {
            return;
        }
        Optional<Tenant> tenant = tenantOf(authorization);
        if (tenant.isPresent()) {
            exchange.setProperty(ExchangeProperties.STATS_TENANT, tenant.get());
            return;
        }
        require(exchange, authorization);
    }

    private Optional<Tenant> tenantOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        byte[] presented = digest(authorization.substring(BEARER.length()).trim());
        // every tenant's token is compared, on digests, so timing tells nothing about which one came close
        Tenant match = null;
        for (Tenant tenant : tenants.all()) {
            if (tenant.statsToken() != null && MessageDigest.isEqual(presented, digest(tenant.statsToken()))) {
                match = tenant;
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
