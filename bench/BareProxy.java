import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline of Caravan's create in {@code bench/async-path.sh}: a bare Vert.x server that verifies the client's
 * create checksum (sha1 or sha256) over the raw query, re-signs the query with a node's secret (sha256) and forwards
 * it to that node with Vert.x's WebClient, answering the node's status, content type and body. The nodes take turns
 * (round robin), the client is configured as Caravan's node client (100 pooled connections per node, keep-alive, 5 s
 * connect timeout) and every call has a timeout (10 s, as caravan.node.timeout). No placement, no meeting directory,
 * no Camel; nothing blocks an event loop.
 *
 * <p>{@code java -cp target/caravan.jar bench/BareProxy.java --port 18293 --secret S --nodes NODES_FILE
 * [--instances N] [--timeout-ms 10000]}, NODES_FILE holding the emulator's {@code name apiUrl secret} lines. Listens
 * on 127.0.0.1 only; prints "listening" when ready.
 */
public final class BareProxy extends AbstractVerticle {

    private static final String PATH = "/bigbluebutton/api/create";

    private record Node(String host, int port, String apiPath, String secret) {
    }

    private final int port;
    private final String secret;
    private final List<Node> nodes;
    private final WebClient client;
    private final long timeoutMillis;
    private final AtomicInteger turn;

    private BareProxy(int port, String secret, List<Node> nodes, WebClient client, long timeoutMillis,
            AtomicInteger turn) {
        this.port = port;
        this.secret = secret;
        this.nodes = nodes;
        this.client = client;
        this.timeoutMillis = timeoutMillis;
        this.turn = turn;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BareServer.options(args);
        int port = Integer.parseInt(options.getOrDefault("port", "18293"));
        String secret = BareServer.required(options, "secret");
        int instances = Integer.parseInt(options.getOrDefault("instances",
                String.valueOf(Runtime.getRuntime().availableProcessors())));
        long timeoutMillis = Long.parseLong(options.getOrDefault("timeout-ms", "10000"));
        List<Node> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(BareServer.required(options, "nodes")))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3) {
                // http://127.0.0.1:PORT/bigbluebutton/api, as the emulator prints it
                String rest = fields[1].substring("http://".length());
                int slash = rest.indexOf('/');
                String authority = rest.substring(0, slash);
                int colon = authority.lastIndexOf(':');
                nodes.add(new Node(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)),
                        rest.substring(slash), fields[2]));
            }
        }
        if (nodes.isEmpty()) {
            System.err.println("BareProxy: no nodes in " + options.get("nodes"));
            System.exit(2);
        }
        Vertx vertx = Vertx.vertx();
        // one client for all event loops, as Caravan has one node client
        WebClient client = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(100).setKeepAlive(true)
                .setFollowRedirects(false).setConnectTimeout(5000).setUserAgent("BareProxy"));
        AtomicInteger turn = new AtomicInteger();
        List<Node> shared = List.copyOf(nodes);
        vertx.deployVerticle(() -> new BareProxy(port, secret, shared, client, timeoutMillis, turn),
                        new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("listening on 127.0.0.1:" + port + ", " + shared.size()
                        + " nodes, " + instances + " event loops"))
                .onFailure(e -> {
                    System.err.println("BareProxy: " + e.getMessage());
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
        for (String part : rawQuery.split("&", -1)) {
            if (part.startsWith("checksum=")) {
                received = part.substring("checksum=".length());
                continue;
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
        if (algorithm == null || !MessageDigest.isEqual(BareServer.hex(algorithm, "create" + query + secret)
                .getBytes(StandardCharsets.US_ASCII), received.toLowerCase(Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII))) {
            BareServer.failed(request, "checksumError", "Checksums do not match");
            return;
        }
        Node node = nodes.get(Math.floorMod(turn.getAndIncrement(), nodes.size()));
        String uri = node.apiPath() + "/create?" + query + "&checksum=" + BareServer.hex("SHA-256", "create" + query
                + node.secret());
        // RequestOptions keep the query as signed; an absolute URL string would be parsed and could be re-encoded
        client.request(HttpMethod.GET, new RequestOptions().setHost(node.host()).setPort(node.port()).setURI(uri))
                .timeout(timeoutMillis)
                .send()
                .onSuccess(answer -> {
                    String type = answer.getHeader("Content-Type");
                    if (type != null) {
                        request.response().putHeader("Content-Type", type);
                    }
                    request.response().setStatusCode(answer.statusCode())
                            .end(answer.body() == null ? Buffer.buffer() : answer.body());
                })
                .onFailure(e -> BareServer.failed(request, "nodeUnavailable", "the node did not answer: " + e.getMessage()));
    }
}
