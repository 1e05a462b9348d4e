package io.caravan.cli;

import static io.caravan.cli.AdminApiClient.encode;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code recordings list}, with the index's filters and paging. */
final class RecordingCommands {

    private final PrintStream out;
    private final AdminApiClient api;

    RecordingCommands(PrintStream out, AdminApiClient api) {
        this.out = out;
        this.api = api;
    }

    void run(CommandLine line) {
        String sub = line.word(1, "recordings subcommand (list)");
        if (!sub.equals("list")) {
            throw new UsageError("unknown recordings subcommand '" + sub + "'");
        }
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
