package io.caravan.tenants;
import java.util.Optional;

import io.caravan.api.RequestPath;
import io.caravan.inventory.Tenant;
import io.caravan.inventory.Tenants;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Finds the tenant an API request is for, before its headers are dropped: the path {@code /t/{tenant}/bigbluebutton/api}
 * names it, otherwise the host the client called (X-Forwarded-Host from a proxy, else Host). Selecting a tenant only
 * chooses which secrets the checksum must match, so a forged header gains nothing. A request whose path and host name
 * different tenants selects none.
 */
public final class TenantSelector {

    private final Tenants tenants;

    public TenantSelector(Tenants tenants) {
        this.tenants = tenants;
    }

    public void select(Exchange exchange) {
        exchange.removeProperty(ExchangeProperties.TENANT);
        if (!tenants.declared()) {
            return;
        }
        Message in = exchange.getMessage();
        Optional<Tenant> byHost = tenants.forHost(calledHost(in));
        Optional<Tenant> selected = byHost;
        if ("t".equals(RequestPath.segment(in, 0))) {
            Optional<Tenant> byPath = tenants.named(RequestPath.segment(in, 1));
            selected = byHost.isPresent() && !byHost.equals(byPath) ? Optional.empty() : byPath;
        }
        selected.ifPresent(tenant -> exchange.setProperty(ExchangeProperties.TENANT, tenant));
    }

    private static String calledHost(Message in) {
        String forwarded = in.getHeader("X-Forwarded-Host", String.class);
        if (forwarded != null && !forwarded.isBlank()) {
            // a chain of proxies lists the client's host first
            int comma = forwarded.indexOf(',');
            return comma < 0 ? forwarded : forwarded.substring(0, comma);
        }
        String host = in.getHeader("Host", String.class);
        if (host == null && in instanceof HttpMessage http) {
            host = http.getRequest().getHeader("Host");
        }
        return host;
    }
}
