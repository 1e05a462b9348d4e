package io.caravan.tenants;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.caravan.api.ApiRequestReader;
import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.QueryParams;
import io.caravan.inventory.CallRules;
import io.caravan.inventory.ParameterRules;
import io.caravan.inventory.Tenant;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Applies the parameter rules (global, then the tenant's on top) and the tenant's slide and logo to a create or join,
 * after its checksum was verified: the node, or for join the browser, gets the changed call re-signed. Rules change
 * the query; a blocked or overridden parameter is also removed from a form POST body. Caps apply to what the client
 * and the defaults and overrides leave, and blocks apply last, so a blocked parameter never reaches a node.
 */
public final class RequestRules {

    private static final String FORM = "application/x-www-form-urlencoded";

    private final Supplier<ParameterRules> global;

    public RequestRules(Supplier<ParameterRules> global) {
        this.global = global;
    }

    public void apply(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant) {
        CallRules rules = global.get().forCall(request.call());
        if (tenant != null) {
            rules = rules.with(tenant.parameters().forCall(request.call()));
            if ("create".equals(request.call()) && tenant.logo() != null) {
                rules = rules.withFallbackDefault("logo", tenant.logo());
            }
        }
        if (!rules.isEmpty()) {
            exchange.setProperty(ExchangeProperties.API_REQUEST, applied(request, rules));
        }
    }

    /** A create without a body gets the tenant's slide as its presentation, which makes it a POST. */
    public void injectSlide(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant) {
        if (tenant == null || tenant.slide() == null || request.hasBody()) {
            return;
        }
        String xml = "<modules><module name=\"presentation\"><document url=\"" + xmlAttribute(tenant.slide())
                + "\"/></module></modules>";
        exchange.setProperty(ExchangeProperties.API_REQUEST, request.withBody("POST", "application/xml",
                xml.getBytes(StandardCharsets.UTF_8)));
    }

    static ApiRequest applied(ApiRequest request, CallRules declared) {
        CallRules rules = capped(request, declared);
        Set<String> removed = new HashSet<>(rules.blocked());
        removed.addAll(rules.overrides().keySet());
        Map<String, List<String>> params = new LinkedHashMap<>(request.params());
        params.keySet().removeAll(removed);

        StringBuilder query = new StringBuilder(QueryParams.remove(request.unsignedQuery(), removed));
        rules.overrides().forEach((name, value) -> {
            if (!rules.blocked().contains(name)) {
                append(query, name, value);
                params.put(name, List.of(value));
            }
        });
        rules.defaults().forEach((name, value) -> {
            if (!rules.blocked().contains(name) && !params.containsKey(name)) {
                append(query, name, value);
                params.put(name, List.of(value));
            }
        });

        byte[] body = request.body();
        if (body != null && isForm(request.contentType())) {
            body = QueryParams.remove(new String(body, StandardCharsets.UTF_8), removed)
                    .getBytes(StandardCharsets.UTF_8);
        }
        return request.withParameters(query.toString(), params, body);
    }

    /**
     * The rules with each cap that must change the call as an override: the value the node would get (an override's,
     * else the client's, else a default's) is above the cap, is none or 0 (bbb-web's "no limit"), is not a whole
     * number, or was sent more than once (the node might read another copy than this check did).
     */
    private static CallRules capped(ApiRequest request, CallRules rules) {
        if (rules.caps().isEmpty()) {
            return rules;
        }
        Map<String, String> overrides = new LinkedHashMap<>(rules.overrides());
        rules.caps().forEach((name, cap) -> {
            List<String> sent = request.params().getOrDefault(name, List.of());
            String value = overrides.containsKey(name) ? overrides.get(name)
                    : !sent.isEmpty() ? sent.get(0) : rules.defaults().get(name);
            int wanted = within(value, cap);
            boolean kept = value != null && String.valueOf(wanted).equals(value.trim());
            if (!kept || !overrides.containsKey(name) && sent.size() > 1) {
                overrides.put(name, String.valueOf(wanted));
            }
        });
        return new CallRules(rules.defaults(), overrides, rules.blocked(), rules.caps());
    }

    /** The value sent under a cap: the value when it is a whole number from 1 to the cap, else the cap. */
    private static int within(String value, int cap) {
        if (value == null) {
            return cap;
        }
        try {
            int number = Integer.parseInt(value.trim());
            return number >= 1 && number <= cap ? number : cap;
        } catch (NumberFormatException e) {
            return cap;
        }
    }

    private static void append(StringBuilder query, String name, String value) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(QueryParams.encode(name)).append('=').append(QueryParams.encode(value));
    }

    private static boolean isForm(String contentType) {
        return contentType != null && contentType.toLowerCase().startsWith(FORM);
    }

    private static String xmlAttribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
