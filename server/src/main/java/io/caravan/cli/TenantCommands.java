package io.caravan.cli;

import static io.caravan.cli.AdminApiClient.encode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code tenants list|add|update|remove}; a tenant's secrets are never printed, only how many it has. */
final class TenantCommands {

    private final PrintStream out;
    private final AdminApiClient api;

    TenantCommands(PrintStream out, AdminApiClient api) {
        this.out = out;
        this.api = api;
    }

    void run(CommandLine line) {
        String sub = line.word(1, "tenants subcommand (list, add, update, remove)");
        switch (sub) {
            case "list" -> {
                String format = "%-16s %7s %8s %9s  %-24s %s%n";
                out.printf(format, "TENANT", "SECRETS", "MEETINGS", "ATTENDEES", "CLUSTERS", "HOSTNAMES");
                for (JsonNode t : api.get("/tenants").path("tenants")) {
                    out.printf(format, t.path("name").asText(), t.path("secretCount").asInt(),
                            limit(t.path("maxMeetings")), limit(t.path("maxAttendees")), joined(t.path("clusters")),
                            joined(t.path("hostnames")));
                }
            }
            case "add" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", line.word(2, "NAME"));
                List<String> secrets = line.all("--secret");
                if (secrets.isEmpty()) {
                    throw new UsageError("tenants add needs at least one --secret");
                }
                body.put("secrets", secrets);
                tenantFields(line, body);
                body.values().removeIf(v -> v == null);
                printTenant(api.send("POST", "/tenants", body), "added");
            }
            case "update" -> {
                String name = line.word(2, "NAME");
                Map<String, Object> body = new LinkedHashMap<>();
                if (!line.all("--secret").isEmpty()) {
                    body.put("secrets", line.all("--secret"));
                }
                if (!line.all("--add-secret").isEmpty()) {
                    body.put("addSecrets", line.all("--add-secret"));
                }
                if (!line.all("--remove-secret").isEmpty()) {
                    body.put("removeSecrets", line.all("--remove-secret"));
                }
                tenantFields(line, body);
                if (body.isEmpty()) {
                    throw new UsageError("nothing to update: give --secret, --add-secret, --remove-secret, --host,"
                            + " --max-meetings, --max-attendees or --cluster");
                }
                printTenant(api.send("PATCH", "/tenants/" + encode(name), body), "updated");
            }
            case "remove" -> {
                String name = line.word(2, "NAME");
                api.send("DELETE", "/tenants/" + encode(name), null);
                out.println("tenant " + name + " removed");
            }
            default -> throw new UsageError("unknown tenants subcommand '" + sub + "'");
        }
    }

    /** --host, --cluster, --max-meetings and --max-attendees of tenants add and update (0: no limit, sent as null). */
    private static void tenantFields(CommandLine line, Map<String, Object> body) {
        if (!line.all("--host").isEmpty()) {
            body.put("hostnames", line.all("--host"));
        }
        if (!line.all("--cluster").isEmpty()) {
            body.put("clusters", line.all("--cluster"));
        }
        // in the order of the usage text, so that the first bad limit is the one named, run after run
        for (Map.Entry<String, String> limit : List.of(Map.entry("--max-meetings", "maxMeetings"),
                Map.entry("--max-attendees", "maxAttendees"))) {
            String value = line.option(limit.getKey());
            if (value == null) {
                continue;
            }
            try {
                int n = Integer.parseInt(value.trim());
                if (n < 0) {
                    throw new NumberFormatException();
                }
                body.put(limit.getValue(), n == 0 ? null : n);
            } catch (NumberFormatException e) {
                throw new UsageError(limit.getKey() + " must be a whole number (0 for no limit), was '" + value + "'");
            }
        }
    }

    private void printTenant(JsonNode tenant, String what) {
        out.println("tenant " + tenant.path("name").asText() + " " + what + ": " + tenant.path("secretCount").asInt()
                + " secrets, hostnames " + joined(tenant.path("hostnames")) + ", max meetings "
                + limit(tenant.path("maxMeetings")) + ", max attendees " + limit(tenant.path("maxAttendees")));
    }

    private static String limit(JsonNode value) {
        return value.asInt() == 0 ? "-" : value.asText();
    }

    private static String joined(JsonNode list) {
        List<String> items = new ArrayList<>();
        list.forEach(item -> items.add(item.asText()));
        return items.isEmpty() ? "-" : String.join(",", items);
    }
}
