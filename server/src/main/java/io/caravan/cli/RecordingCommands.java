package io.caravan.cli;

import static io.caravan.cli.AdminApiClient.encode;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code recordings list}, with the index's filters and paging, and {@code recordings erase}. */
final class RecordingCommands {

    private final PrintStream out;
    private final AdminApiClient api;

    RecordingCommands(PrintStream out, AdminApiClient api) {
        this.out = out;
        this.api = api;
    }

    void run(CommandLine line) {
        String sub = line.word(1, "recordings subcommand (list, erase)");
        switch (sub) {
            case "list" -> list(line);
            case "erase" -> erase(line);
            default -> throw new UsageError("unknown recordings subcommand '" + sub + "'");
        }
    }

    /**
     * Erases every recording of a tenant, or of one meeting, for good: it asks for {@code --yes} rather than a prompt,
     * so that a script cannot erase by accident and an operator can still run it unattended. Prints each recording
     * deleted and each that could not be; the latter fail the command, for the operator to run it again.
     */
    private void erase(CommandLine line) {
        String tenant = line.option("--tenant");
        String meeting = line.option("--meeting");
        if (tenant == null && meeting == null) {
            throw new UsageError("recordings erase needs --tenant NAME, --meeting ID, or both");
        }
        String what = meeting == null ? "every recording of tenant " + tenant
                : "the recordings of meeting " + meeting + (tenant == null ? " (of no tenant)" : " of tenant " + tenant);
        if (!line.flag("--yes")) {
            throw new UsageError("recordings erase deletes " + what + " for good, from Caravan's storage and from the"
                    + " nodes: add --yes to do it");
        }
        StringBuilder query = new StringBuilder();
        if (tenant != null) {
            query.append("tenant=").append(encode(tenant));
        }
        if (meeting != null) {
            query.append(query.isEmpty() ? "" : "&").append("meetingID=").append(encode(meeting));
        }
        JsonNode answer = api.send("DELETE", "/recordings?" + query, null);
        for (JsonNode r : answer.path("deleted")) {
            out.println("deleted " + r.path("recordID").asText() + " (meeting " + r.path("meetingID").asText()
                    + ") from " + place(r.path("where").asText()));
        }
        JsonNode failed = answer.path("notDeleted");
        for (JsonNode r : failed) {
            out.println("NOT deleted " + r.path("recordID").asText() + " (meeting " + r.path("meetingID").asText()
                    + ") on " + place(r.path("where").asText()) + ": " + r.path("reason").asText());
        }
        out.println(answer.path("deleted").size() + " deleted, " + failed.size() + " not deleted");
        if (failed.size() > 0) {
            throw new CommandFailed(failed.size() + " recordings of " + what + " could not be deleted: run the erase"
                    + " again once their nodes are back");
        }
    }

    private static String place(String where) {
        return where.equals("storage") ? "Caravan's storage" : where.startsWith("node:")
                ? "node " + where.substring("node:".length()) : where;
    }

    private void list(CommandLine line) {
        StringBuilder query = new StringBuilder();
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("--node", "node");
        filters.put("--meeting", "meetingID");
        filters.put("--tenant", "tenant");
        filters.put("--state", "state");
        filters.put("--offset", "offset");
        filters.put("--limit", "limit");
        filters.forEach((option, param) -> {
            String value = line.option(option);
            if (value != null) {
                query.append(query.isEmpty() ? "?" : "&").append(param).append('=').append(encode(value));
            }
        });
        JsonNode answer = api.get("/recordings" + query);
        String format = "%-56s %-16s %-12s %-24s %s%n";
        out.printf(format, "RECORDING", "NODE", "STATE", "STARTED", "MEETING");
        for (JsonNode r : answer.path("recordings")) {
            out.printf(format, r.path("recordID").asText(), r.path("node").asText()
                    + (r.path("nodeOnline").asBoolean() ? "" : " (offline)"), r.path("state").asText(),
                    r.path("startTime").asText("-"), r.path("meetingID").asText());
        }
        JsonNode recordings = answer.path("recordings");
        out.println(answer.path("total").asInt() + " recordings" + (recordings.size() < answer.path("total").asInt()
                ? ", " + recordings.size() + " shown from " + answer.path("offset").asInt() : ""));
    }
}
