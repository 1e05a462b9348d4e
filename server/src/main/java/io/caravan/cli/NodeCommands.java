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
        String sub = line.word(1, "nodes subcommand (add, update, remove, enable, cordon, disable, panic)");
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
            case "enable", "cordon", "disable" -> printNode(
                    api.send("POST", "/nodes/" + encode(line.word(2, "NAME")) + "/" + sub, null),
                    sub.equals("cordon") ? "cordoned" : sub + "d");
            case "panic" -> {
                JsonNode answer = api.send("POST", "/nodes/" + encode(line.word(2, "NAME")) + "/panic", null);
                out.println("node " + answer.path("node").path("name").asText() + " disabled: "
                        + answer.path("meetingsEnded").asInt() + " meetings ended, "
                        + answer.path("endsFailed").asInt() + " end calls failed");
            }
            default -> throw new UsageError("unknown nodes subcommand '" + sub + "'");
        }
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
