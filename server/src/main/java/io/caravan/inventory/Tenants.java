package io.caravan.inventory;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** The declared tenants, as the current inventory has them (edits of the inventory file apply at once). */
public final class Tenants {

    private final Supplier<List<Tenant>> declared;

    public Tenants(Supplier<List<Tenant>> declared) {
        this.declared = declared;
    }

    /** Without tenants Caravan is single-tenant: the global secrets apply and nothing is namespaced. */
    public boolean declared() {
        return !declared.get().isEmpty();
    }

    public List<Tenant> all() {
        return declared.get();
    }

    public Optional<Tenant> named(String name) {
        return declared.get().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The tenant of a hostname (any case, with or without port). */
    public Optional<Tenant> forHost(String host) {
        String bare = bareHost(host);
        if (bare == null) {
            return Optional.empty();
        }
        return declared.get().stream().filter(t -> t.hostnames().contains(bare)).findFirst();
    }

    /** "Meet.Example.org:443" → "meet.example.org"; an IPv6 literal keeps its brackets. */
    static String bareHost(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon && (h.startsWith("[") || h.indexOf(':') == colon)) {
            h = h.substring(0, colon);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.isEmpty() ? null : h;
    }
}
