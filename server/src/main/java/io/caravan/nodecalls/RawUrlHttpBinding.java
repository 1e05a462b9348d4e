package io.caravan.nodecalls;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import org.apache.camel.Exchange;
import org.apache.camel.component.vertx.http.DefaultVertxHttpBinding;
import org.apache.camel.component.vertx.http.VertxHttpEndpoint;

/**
 * Sends the {@link OutgoingCall} of the exchange (a {@link NodeCall}, or a callback delivery). The default vertx-http binding decodes the query and encodes it again
 * (and resolves property placeholders in it); BBB nodes check the checksum over the bytes they receive, so the query
 * must reach them exactly as it was signed. This binding hands the raw URL to the Vert.x web client untouched.
 */
public final class RawUrlHttpBinding extends DefaultVertxHttpBinding {

    private final WebClient client;
    private final String property;

    /**
     * @param client   the Vert.x web client to send with
     * @param property the exchange property holding the {@link OutgoingCall} to send
     */
    public RawUrlHttpBinding(WebClient client, String property) {
        this.client = client;
        this.property = property;
    }

    @Override
    public HttpRequest<Buffer> prepareHttpRequest(VertxHttpEndpoint endpoint, Exchange exchange) {
        OutgoingCall call = exchange.getProperty(property, OutgoingCall.class);
        if (call == null) {
            throw new IllegalStateException("no " + property + " on the exchange");
        }
        HttpRequest<Buffer> request = client.request(HttpMethod.valueOf(call.method()), target(call.url()));
        request.timeout(call.timeoutMillis());
        if (call.contentType() != null) {
            request.putHeader("Content-Type", call.contentType());
        }
        if (call.authorization() != null) {
            request.putHeader("Authorization", call.authorization());
        }
        return request;
    }

    /** Splits scheme://host:port/rest by hand: java.net.URI would reject raw characters a client may have sent. */
    public static RequestOptions target(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("not an absolute URL: " + url);
        }
        boolean ssl = url.substring(0, schemeEnd).equalsIgnoreCase("https");
        int pathStart = url.indexOf('/', schemeEnd + 3);
        String authority = pathStart < 0 ? url.substring(schemeEnd + 3) : url.substring(schemeEnd + 3, pathStart);
        String requestUri = pathStart < 0 ? "/" : url.substring(pathStart);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        String host = authority;
        int port = ssl ? 443 : 80;
        int colon = authority.lastIndexOf(':');
        if (colon > authority.lastIndexOf(']')) {
            host = authority.substring(0, colon);
            port = Integer.parseInt(authority.substring(colon + 1));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new RequestOptions().setHost(host).setPort(port).setSsl(ssl).setURI(requestUri);
    }
}
