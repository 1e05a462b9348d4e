package io.caravan.cli;

import static io.caravan.cli.AdminApiClient.encode;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code status} and {@code nodes add|update|remove|enable|cordon|disable|panic}. */
final class NodeCommands {

    private static final Map<String, String> NODE_OPTIONS = Map.of("--url", "url", "--secret", "secret",
            "--cluster", "cluster", "--tags", "tags", "--load-factor", "loadFactor", "--checksum", "checksum",
            "--load-url", "loadUrl");

    private final PrintStream out;
    private final AdminApiClient api;

    NodeCommands(PrintStream out, AdminApiClient api) {
        this.out = out;
        this.api = api;
    }

    void status() {
        String format = "%-16s %-9s %-7s %8s %9s %10s %6s %10s  %s%n";
        out.printf(format, "NODE", "STATE", "ONLINE", "MEETINGS", "ATTENDEES", "RECORDINGS", "CPU", "LOAD",
                "VERSION");
        for (JsonNode node : api.get("/nodes").path("nodes")) {
            out.printf(format, node.path("name").asText(), node.path("state").asText(),
                    node.path("online").asBoolean() ? "yes" : "no", node.path("meetings").asInt(),
                    node.path("attendees").asInt(), node.path("recordings").asInt(), node.path("cpu").asInt(),
                    String.format("%.1f", node.path("load").asDouble()),
                    node.path("version").asText("-"));
        }
    }

    void run(CommandLine line) {
        String sub = line.word(1,
                "nodes subcommand (add, update, remove, enable, cordon, disable, panic, maintenance)");
        switch (sub) {
            case "add" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", line.word(2, "NAME"));
                body.put("url", line.word(3, "URL"));
                body.put("secret", line.word(4, "SECRET"));
                body.putAll(nodeFields(line));
                printNode(api.send("POST", "/nodes", body), "added");
            }
            case "update" -> {
                String name = line.word(2, "NAME");
                Map<String, Object> body = nodeFields(line);
                if (body.isEmpty()) {
                    throw new UsageError("nothing to update: give --url, --secret, --cluster, --tags, --load-factor,"
                            + " --checksum or --load-url");
                }
                printNode(api.send("PATCH", "/nodes/" + encode(name), body), "updated");
            }
            case "remove" -> {
                String name = line.word(2, "NAME");
                api.send("DELETE", "/nodes/" + encode(name) + (line.flag("--force") ? "?force=true" : ""), null);
                out.println("node " + name + " removed");
            }
            case "cordon" -> {
                Map<String, Object> notice = notice(line);
                JsonNode node = api.send("POST", "/nodes/" + encode(line.word(2, "NAME")) + "/cordon",
                        notice.isEmpty() ? null : notice);
                printNode(node, "cordoned");
                JsonNode cordon = node.path("cordon");
                if (!cordon.path("message").isMissingNode() && !cordon.path("message").isNull()) {
                    out.println("message posted into its running meetings" + (cordon.path("repeat").isNull() ? ""
                            : ", again every " + cordon.path("repeat").asText()) + "; "
                            + (cordon.path("disableWhenEmpty").asBoolean() ? "disabled" : "stays cordoned")
                            + " when empty");
                }
            }
            case "maintenance" -> maintenance(line);
            case "enable", "disable" -> printNode(
                    api.send("POST", "/nodes/" + encode(line.word(2, "NAME")) + "/" + sub, null),
                    sub + "d");
            case "panic" -> {
                JsonNode answer = api.send("POST", "/nodes/" + encode(line.word(2, "NAME")) + "/panic", null);
                out.println("node " + answer.path("node").path("name").asText() + " disabled: "
                        + answer.path("meetingsEnded").asInt() + " meetings ended, "
                        + answer.path("endsFailed").asInt() + " end calls failed");
            }
            default -> throw new UsageError("unknown nodes subcommand '" + sub + "'");
        }
    }

    /**
     * {@code nodes maintenance NAME} lists the node's windows; {@code … add --cron EXPR | --at TIME [notice options]}
     * schedules one; {@code … remove ID} removes one.
     */
    private void maintenance(CommandLine line) {
        String name = line.word(2, "NAME");
        String path = "/nodes/" + encode(name) + "/maintenance";
        String action = line.words().size() > 3 ? line.word(3, "") : "list";
        switch (action) {
            case "list" -> {
                JsonNode answer = api.get(path);
                String format = "%-12s %-22s %-22s %-8s %-6s %s%n";
                out.printf(format, "ID", "WHEN", "NEXT (" + answer.path("timeZone").asText() + " cron)", "REPEAT",
                        "THEN", "MESSAGE");
                for (JsonNode window : answer.path("windows")) {
                    out.printf(format, window.path("id").asText(),
                            window.has("cron") ? window.path("cron").asText() : window.path("at").asText(),
                            window.path("next").asText("-"), window.path("repeat").asText("-"),
                            window.path("disableWhenEmpty").asBoolean() ? "disable" : "stay",
                            window.path("message").isNull() ? "-" : window.path("message").asText());
                }
            }
            case "add" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                if ((line.option("--cron") == null) == (line.option("--at") == null)) {
                    throw new UsageError("give --cron EXPR (e.g. '0 0 2 ? * SUN') or --at TIME (e.g. 2026-12-24T20:00Z)");
                }
                if (line.option("--cron") != null) {
                    body.put("cron", line.option("--cron"));
                } else {
                    body.put("at", line.option("--at"));
                }
                body.putAll(notice(line));
                JsonNode window = api.send("POST", path, body);
                out.println("maintenance window " + window.path("id").asText() + " of node " + name + " added, next "
                        + window.path("next").asText("-"));
            }
            case "remove" -> {
                String id = line.word(4, "window ID");
                api.send("DELETE", path + "/" + encode(id), null);
                out.println("maintenance window " + id + " of node " + name + " removed");
            }
            default -> throw new UsageError("unknown nodes maintenance action '" + action + "' (list, add, remove)");
        }
    }

    /** --message, --repeat and --disable-when-empty of a cordon or a window. */
    private static Map<String, Object> notice(CommandLine line) {
        Map<String, Object> notice = new LinkedHashMap<>();
        if (line.option("--message") != null) {
            notice.put("message", line.option("--message"));
        }
        if (line.option("--repeat") != null) {
            notice.put("repeat", line.option("--repeat"));
        }
        String disable = line.option("--disable-when-empty");
        if (disable != null) {
            if (!disable.equals("true") && !disable.equals("false")) {
                throw new UsageError("--disable-when-empty must be true or false, was '" + disable + "'");
            }
            notice.put("disableWhenEmpty", Boolean.parseBoolean(disable));
        }
        return notice;
    }

    /** The optional fields of nodes add and update; --url among them is the node's (only nodes update has one). */
    private static Map<String, Object> nodeFields(CommandLine line) {
        Map<String, Object> fields = new LinkedHashMap<>();
        NODE_OPTIONS.forEach((option, field) -> {
            String value = line.option(option.equals("--url") ? CommandLine.NODE_URL : option);
            if (value == null) {
                return;
            }
            switch (field) {
                case "tags" -> fields.put(field, Arrays.stream(value.split(",")).map(String::trim)
                        .filter(t -> !t.isEmpty()).toList());
                case "loadFactor" -> {
                    try {
                        fields.put(field, Double.parseDouble(value));
                    } catch (NumberFormatException e) {
                        throw new UsageError("--load-factor must be a number, was '" + value + "'");
                    }
                }
                default -> fields.put(field, value);
            }
        });
        return fields;
    }

    private void printNode(JsonNode node, String what) {
        out.println("node " + node.path("name").asText() + " " + what + ": " + node.path("url").asText()
                + ", " + node.path("state").asText() + ", " + (node.path("online").asBoolean() ? "online" : "offline"));
    }
}
