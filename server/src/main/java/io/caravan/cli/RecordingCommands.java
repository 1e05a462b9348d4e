package io.caravan.cli;

import static io.caravan.cli.AdminApiClient.encode;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code recordings list} (the index's filters and paging), {@code recordings import} (an archive into Caravan's
 * storage), {@code recordings imports [retry]} and {@code recordings erase}.
 */
final class RecordingCommands {

    private final PrintStream out;
    private final AdminApiClient api;

    RecordingCommands(PrintStream out, AdminApiClient api) {
        this.out = out;
        this.api = api;
    }

    void run(CommandLine line) {
        String sub = line.word(1, "recordings subcommand (list, import, imports, erase)");
        switch (sub) {
            case "list" -> list(line);
            case "import" -> importArchive(line);
            case "imports" -> imports(line);
            case "erase" -> erase(line);
            default -> throw new UsageError("unknown recordings subcommand '" + sub + "'");
        }
    }

    /** An archive as the nodes upload it (tar or tar.gz of {@code <format>/<recordID>/...}). */
    private void importArchive(CommandLine line) {
        Path file = Path.of(line.word(2, "archive file (tar or tar.gz of <format>/<recordID>/...)"));
        String tenant = line.option("--tenant");
        String name = file.getFileName().toString();
        String type = name.endsWith(".gz") || name.endsWith(".tgz") ? "application/gzip" : "application/x-tar";
        JsonNode answer = api.postFile("/recordings/import" + (tenant == null ? "" : "?tenant=" + encode(tenant)),
                file, type);
        out.println("imported " + answer.path("recordID").asText() + " (meeting " + answer.path("meetingID").asText()
                + ", tenant " + (answer.path("tenant").isNull() ? "-" : answer.path("tenant").asText()) + ", formats "
                + String.join(",", texts(answer.path("formats"))) + ", " + answer.path("bytes").asLong() + " bytes)");
    }

    private void imports(CommandLine line) {
        if (line.words().size() > 2) {
            if (!line.words().get(2).equals("retry")) {
                throw new UsageError("unknown recordings imports subcommand '" + line.words().get(2) + "'");
            }
            out.println(api.send("POST", "/recordings/imports/retry", null).path("retried").asInt()
                    + " refused spool files moved back to be imported again");
            return;
        }
        JsonNode answer = api.get("/recordings/imports");
        JsonNode spool = answer.path("spool");
        out.println("spool: " + (spool.path("enabled").asBoolean() ? spool.path("pending").asLong() + " waiting, "
                + spool.path("failed").asLong() + " refused" : "off"));
        String format = "%-24s %-8s %-9s %-56s %s%n";
        out.printf(format, "TIME", "SOURCE", "OUTCOME", "RECORDING", "FROM / REASON");
        for (JsonNode i : answer.path("latest")) {
            out.printf(format, i.path("time").asText(), i.path("source").asText(), i.path("outcome").asText(),
                    i.path("recordID").asText("-"), i.path("from").asText()
                            + (i.path("reason").isNull() ? "" : ": " + i.path("reason").asText()));
        }
        for (JsonNode f : answer.path("failed")) {
            out.println("failed import: " + f.path("recordID").asText() + " (" + f.path("attempts").asInt()
                    + " attempts): " + f.path("reason").asText());
        }
        for (JsonNode p : answer.path("pending")) {
            out.println("pending import: " + p.path("recordID").asText());
        }
        out.printf("%-24s %12s %16s%n", "TENANT", "RECORDINGS", "BYTES");
        for (JsonNode t : answer.path("storage")) {
            out.printf("%-24s %12d %16d%n", t.path("tenant").isNull() ? "-" : t.path("tenant").asText(),
                    t.path("recordings").asLong(), t.path("bytes").asLong());
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
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
