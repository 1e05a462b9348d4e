package io.caravan.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/**
 * The command line: runs operations against a running Caravan over its admin API, e.g.
 * {@code java -jar caravan.jar nodes cordon bbb1}. Exit code 0 on success; otherwise the reason is printed.
 */
public final class CaravanCli {

    /** First arguments that are command-line commands rather than options of the server. */
    public static final Set<String> COMMANDS = Set.of("status", "nodes", "tenants", "meetings", "recordings",
            "help");

    static final String USAGE = """
            usage: java -jar caravan.jar COMMAND [--url URL] [--token TOKEN]
              status                                  nodes with state, health, load and recordings
              nodes add NAME URL SECRET [--cluster C] [--tags a,b] [--load-factor F] [--checksum ALG] [--load-url URL]
              nodes update NAME [--url URL] [--secret S] [--cluster C] [--tags a,b] [--load-factor F] [--checksum ALG] [--load-url URL]
              nodes remove NAME [--force]
              nodes enable|disable|panic NAME
              nodes cordon NAME [--message TEXT [--repeat 10m]] [--disable-when-empty true|false]
              nodes maintenance NAME [list]           the node's maintenance windows
              nodes maintenance NAME add --cron EXPR|--at TIME [--message TEXT] [--repeat 10m] [--disable-when-empty true|false]
              nodes maintenance NAME remove ID
              tenants list
              tenants add NAME --secret S [--secret S2]... [--host H]... [--max-meetings N] [--max-attendees N] [--cluster C]...
              tenants update NAME [--add-secret S]... [--remove-secret S]... [--secret S]... [--host H]... [--max-meetings N] [--max-attendees N] [--cluster C]...
              tenants remove NAME
              meetings list [--node NAME]
              meetings end MEETING_ID
              recordings list [--node NAME] [--meeting ID] [--tenant NAME] [--state S] [--offset N] [--limit N]
              recordings import FILE.tar[.gz] [--tenant NAME]   a recording archive into Caravan's storage
              recordings imports                      latest imports, pending and failed ones, storage per tenant
              recordings imports retry                the spool directory's refused tarballs, imported again
              recordings erase --tenant NAME [--meeting ID] --yes   (--meeting ID alone: a meeting of no tenant)
            Caravan's address: --url (--caravan in nodes update, where --url is the node's), else CARAVAN_URL,
            else http://127.0.0.1:8090. The admin token: --token, else CARAVAN_ADMIN_TOKEN.
            tenants update: --secret, --host and --cluster replace the whole list; --max-meetings 0 means no limit.""";

    private CaravanCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command; answers the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        try {
            CommandLine line = CommandLine.parse(args);
            if (line.words().isEmpty() || line.words().get(0).equals("help")) {
                out.println(USAGE);
                return line.words().isEmpty() ? 2 : 0;
            }
            String token = line.option("--token", env.getOrDefault("CARAVAN_ADMIN_TOKEN", ""));
            if (token.isBlank()) {
                throw new CommandFailed("no admin token: use --token or set CARAVAN_ADMIN_TOKEN");
            }
            AdminApiClient api = new AdminApiClient(line.option(CommandLine.CARAVAN,
                    env.getOrDefault("CARAVAN_URL", "http://127.0.0.1:8090")), token);
            dispatch(line, out, api);
            return 0;
        } catch (CommandFailed e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (UsageError e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    private static void dispatch(CommandLine line, PrintStream out, AdminApiClient api) {
        String command = line.word(0, "command");
        switch (command) {
            case "status" -> new NodeCommands(out, api).status();
            case "nodes" -> new NodeCommands(out, api).run(line);
            case "tenants" -> new TenantCommands(out, api).run(line);
            case "meetings" -> new MeetingCommands(out, api).run(line);
            case "recordings" -> new RecordingCommands(out, api).run(line);
            default -> throw new UsageError("unknown command '" + command + "'");
        }
    }
}
