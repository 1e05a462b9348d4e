package io.caravan.admin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.inventory.InventoryOverlay;
import io.caravan.inventory.Tenant;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant operations of the admin API. Changes go through the {@link InventoryOverlay}: validated by the inventory
 * loader exactly like the file's tenants, saved, then applied as one new inventory, so the running tenant set is
 * swapped at once. Answers never hold a secret.
 */
public final class TenantAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TenantAdmin.class);
    /** Admin JSON fields and the inventory keys they stand for; addSecrets and removeSecrets change "secrets". */
    private static final Map<String, String> FIELDS = Map.of("name", "name", "secrets", "secrets",
            "hostnames", "hostnames", "maxMeetings", "max-meetings", "maxAttendees", "max-attendees",
            "clusters", "clusters", "parameters", "parameters", "slide", "slide", "logo", "logo");
    private static final Map<String, String> PATCH_FIELDS = withRollover();
    private static final Set<String> UPDATABLE = Set.of("secrets", "addSecrets", "removeSecrets", "hostnames",
            "maxMeetings", "maxAttendees", "clusters", "parameters", "slide", "logo");

    private final InventoryOverlay inventory;

    public TenantAdmin(InventoryOverlay inventory) {
        this.inventory = inventory;
    }

    public AdminAnswer list() {
        return AdminAnswer.ok(Map.of("tenants", inventory.current().tenants().stream().map(TenantView::of).toList()));
    }

    public AdminAnswer view(@ExchangeProperty(ExchangeProperties.ADMIN_NAME) String name) {
        return AdminResponses.answering(() -> AdminAnswer.ok(TenantView.of(tenant(name))));
    }

    public AdminAnswer add(@ExchangeProperty(ExchangeProperties.ADMIN_BODY) String body) {
        return AdminResponses.answering(() -> {
            ObjectNode entry = AdminBodies.entry(body, FIELDS, FIELDS.keySet());
            String name = entry.path("name").asText("");
            if (name.isBlank()) {
                throw AdminError.badRequest("'name' is required");
            }
            Tenant tenant;
            synchronized (inventory) { // the checks and the change see the same tenants (the overlay locks itself)
                if (inventory.current().tenants().stream().anyMatch(t -> t.name().equals(name))) {
                    throw AdminError.conflict("tenant '" + name + "' already exists");
                }
                hostnamesFree(name, entry.get("hostnames"));
                tenant = inventory.addTenant(entry);
            }
            LOG.info("tenant {} added through the admin API", tenant.name());
            return new AdminAnswer(201, TenantView.of(tenant));
        });
    }

    public AdminAnswer update(@ExchangeProperty(ExchangeProperties.ADMIN_NAME) String name,
            @ExchangeProperty(ExchangeProperties.ADMIN_BODY) String body) {
        return AdminResponses.answering(() -> {
            tenant(name);
            ObjectNode fields = AdminBodies.entry(body, PATCH_FIELDS, UPDATABLE);
            if (fields.isEmpty()) {
                throw AdminError.badRequest("nothing to change (allowed: "
                        + String.join(", ", UPDATABLE.stream().sorted().toList()) + ")");
            }
            Tenant tenant;
            synchronized (inventory) {
                rollover(name, fields);
                hostnamesFree(name, fields.get("hostnames"));
                tenant = inventory.updateTenant(name, fields);
            }
            LOG.info("tenant {} updated through the admin API", name);
            return AdminAnswer.ok(TenantView.of(tenant));
        });
    }

    public AdminAnswer remove(@ExchangeProperty(ExchangeProperties.ADMIN_NAME) String name) {
        return AdminResponses.answering(() -> {
            tenant(name);
            inventory.removeTenant(name);
            LOG.info("tenant {} removed through the admin API", name);
            return AdminAnswer.ok(Map.of("removed", name));
        });
    }

    /** addSecrets and removeSecrets become the tenant's whole new secrets list. */
    private void rollover(String name, ObjectNode fields) {
        JsonNode added = fields.remove("+secrets");
        JsonNode removed = fields.remove("-secrets");
        if (added == null && removed == null) {
            return;
        }
        if (fields.has("secrets")) {
            throw AdminError.badRequest("give either 'secrets' or 'addSecrets'/'removeSecrets', not both");
        }
        List<String> secrets = texts(inventory.tenantEntry(name).get("secrets"));
        for (String secret : texts(added)) {
            if (!secrets.contains(secret)) {
                secrets.add(secret);
            }
        }
        for (String secret : texts(removed)) {
            if (!secrets.remove(secret)) {
                throw AdminError.badRequest("a secret in 'removeSecrets' is not one of the tenant's");
            }
        }
        ArrayNode list = fields.putArray("secrets");
        secrets.forEach(list::add);
    }

    /** A hostname of another tenant is a conflict (409), not a mistake in the request. */
    private void hostnamesFree(String name, JsonNode hostnames) {
        for (String host : texts(hostnames)) {
            String lower = host.toLowerCase(Locale.ROOT);
            inventory.current().tenants().stream()
                    .filter(t -> !t.name().equals(name) && t.hostnames().contains(lower)).findFirst()
                    .ifPresent(owner -> {
                        throw AdminError.conflict("hostname '" + lower + "' is already tenant '" + owner.name()
                                + "''s");
                    });
        }
    }

    /** A string or a list of strings, as the inventory accepts them; anything else is left to its validator. */
    private static List<String> texts(JsonNode value) {
        List<String> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        for (JsonNode item : value.isArray() ? value : List.of(value)) {
            if (item.isValueNode() && !item.isNull()) {
                result.add(item.asText().trim());
            }
        }
        return result;
    }

    private Tenant tenant(String name) {
        return inventory.current().tenants().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> AdminError.notFound("unknown tenant '" + name + "'"));
    }

    private static Map<String, String> withRollover() {
        Map<String, String> fields = new HashMap<>(FIELDS);
        fields.put("addSecrets", "+secrets");
        fields.put("removeSecrets", "-secrets");
        return Map.copyOf(fields);
    }
}
