import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * What the two bare Vert.x baselines (BareJoin, BareProxy) share: their command line, the checksum hash and the
 * FAILED answer. Deliberately not Caravan's classes: a baseline must not run the code it is compared with.
 */
final class BareServer {

    private BareServer() {
    }

    static void failed(HttpServerRequest request, String key, String message) {
        if (request.response().ended()) {
            return;
        }
        request.response().putHeader("Content-Type", "text/xml;charset=utf-8").end("<response><returncode>FAILED"
                + "</returncode><messageKey>" + key + "</messageKey><message>" + message + "</message></response>");
    }

    static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            System.err.println("--" + name + " is required");
            System.exit(2);
        }
        return value;
    }
}
