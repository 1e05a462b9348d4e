package io.caravan.cli;

import static io.caravan.cli.AdminApiClient.encode;

import java.io.PrintStream;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code meetings list|end}. */
final class MeetingCommands {

    private final PrintStream out;
    private final AdminApiClient api;

    MeetingCommands(PrintStream out, AdminApiClient api) {
        this.out = out;
        this.api = api;
    }

    void run(CommandLine line) {
        String sub = line.word(1, "meetings subcommand (list, end)");
        switch (sub) {
            case "list" -> {
                String node = line.option("--node");
                JsonNode answer = api.get("/meetings" + (node == null ? "" : "?node=" + encode(node)));
                String format = "%-32s %-16s %9s  %s%n";
                out.printf(format, "MEETING", "NODE", "ATTENDEES", "NAME");
                for (JsonNode m : answer.path("meetings")) {
                    out.printf(format, m.path("meetingID").asText(), m.path("node").asText(),
                            m.path("attendees").asInt(), m.path("name").asText());
                }
            }
            case "end" -> {
                String id = line.word(2, "MEETING_ID");
                JsonNode answer = api.send("POST", "/meetings/" + encode(id) + "/end", null);
                out.println("meeting " + id + " ended on " + answer.path("node").asText());
            }
            default -> throw new UsageError("unknown meetings subcommand '" + sub + "'");
        }
    }
}
