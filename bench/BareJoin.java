import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The baseline of Caravan's join in {@code bench/async-path.sh}: a bare Vert.x HTTP server doing the work a join
 * through a BBB load balancer needs and nothing else. It verifies the client's sha1 or sha256 checksum over the raw
 * query, looks the meeting up in a map, re-signs the query with the node's secret (sha256) and answers 302 with the
 * node's join URL. No Camel, no worker threads: everything runs on the event loops, one server per event loop.
 *
 * <p>{@code java -cp target/caravan.jar bench/BareJoin.java --port 18292 --secret S --meetings FILE [--instances N]},
 * FILE holding {@code meetingID nodeApiUrl nodeSecret} lines. Listens on 127.0.0.1 only; prints "listening" when
 * ready.
 */
public final class BareJoin extends AbstractVerticle {

    private static final String PATH = "/bigbluebutton/api/join";

    private record Target(String apiUrl, String secret) {
    }

    private final int port;
    private final String secret;
    private final Map<String, Target> meetings;

    private BareJoin(int port, String secret, Map<String, Target> meetings) {
        this.port = port;
        this.secret = secret;
        this.meetings = meetings;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BareServer.options(args);
        int port = Integer.parseInt(options.getOrDefault("port", "18292"));
        String secret = BareServer.required(options, "secret");
        int instances = Integer.parseInt(options.getOrDefault("instances",
                String.valueOf(Runtime.getRuntime().availableProcessors())));
        Map<String, Target> meetings = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(BareServer.required(options, "meetings")))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3) {
                meetings.put(fields[0], new Target(fields[1], fields[2]));
            }
        }
        Map<String, Target> shared = Map.copyOf(meetings);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new BareJoin(port, secret, shared), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("listening on 127.0.0.1:" + port + ", " + shared.size()
                        + " meetings, " + instances + " event loops"))
                .onFailure(e -> {
                    System.err.println("BareJoin: " + e.getMessage());
                    System.exit(1);
                });
    }

    @Override
    public void start(Promise<Void> started) {
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(this::handle)
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }

    private void handle(HttpServerRequest request) {
        if (!request.path().equals(PATH)) {
            request.response().setStatusCode(404).end();
            return;
        }
        String rawQuery = request.query() == null ? "" : request.query();
        String received = null;
        StringBuilder unsigned = new StringBuilder(rawQuery.length());
        String meetingId = null;
        for (String part : rawQuery.split("&", -1)) {
            if (part.startsWith("checksum=")) {
                received = part.substring("checksum=".length());
                continue;
            }
            if (part.startsWith("meetingID=")) {
                meetingId = URLDecoder.decode(part.substring("meetingID=".length()), StandardCharsets.UTF_8);
            }
            if (unsigned.length() > 0) {
                unsigned.append('&');
            }
            unsigned.append(part);
        }
        String query = unsigned.toString();
        String algorithm = received == null ? null : switch (received.length()) {
            case 40 -> "SHA-1";
            case 64 -> "SHA-256";
            default -> null;
        };
        if (algorithm == null || !MessageDigest.isEqual(BareServer.hex(algorithm, "join" + query + secret)
                .getBytes(StandardCharsets.US_ASCII), received.toLowerCase(Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII))) {
            BareServer.failed(request, "checksumError", "Checksums do not match");
            return;
        }
        Target target = meetingId == null ? null : meetings.get(meetingId);
        if (target == null) {
            BareServer.failed(request, "notFound", "We could not find a meeting with that meeting ID");
            return;
        }
        String location = target.apiUrl() + "/join?" + query + "&checksum="
                + BareServer.hex("SHA-256", "join" + query + target.secret());
        request.response().setStatusCode(302).putHeader("Location", location).end();
    }
}
