package io.caravan.callbacks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.api.RequestPath;
import io.caravan.bbb.QueryParams;
import io.caravan.http.RefusalLog;
import io.caravan.inventory.Node;
import io.caravan.inventory.Tenant;
import io.caravan.routes.ExchangeProperties;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks from nodes to Caravan's URLs: checks Caravan's token and the node's own signature, then builds the call
 * the client expects, signed with the client's secret (its tenant's, or Caravan's global one) and with the client's
 * meetingID. Nothing is forwarded unless both check out.
 */
public final class NodeCallbacks {

    private static final String SIGNED_PARAMETERS = "signed_parameters";
    private static final String MEETING_ID = "meetingID";
    private static final String CLAIM_MEETING_ID = "meeting_id";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(NodeCallbacks.class);

    private final CallbackTokens tokens;
    private final Supplier<Collection<Node>> nodes;
    private final Function<String, Optional<Tenant>> tenants;
    private final List<String> globalSecrets;
    private final long timeoutMillis;
    /** Refused callbacks come from whoever finds the URL too: one line per kind every 10 s, not one each. */
    private final RefusalLog refusals = new RefusalLog(LOG);

    public NodeCallbacks(CallbackTokens tokens, Supplier<Collection<Node>> nodes,
            Function<String, Optional<Tenant>> tenants, List<String> globalSecrets, long timeoutMillis) {
        this.tokens = tokens;
        this.nodes = nodes;
        this.tenants = tenants;
        this.globalSecrets = globalSecrets;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Reads the node's callback into the exchange property {@link CallbackDelivery#PROPERTY}, or refuses it: the
     * refusal is recorded in {@link ExchangeProperties#CALLBACK_REFUSAL} for the route to answer ({@link #refused}) and stop.
     */
    public void receive(Exchange exchange) {
        try {
            read(exchange);
        } catch (CallbackRefused refusal) {
            exchange.setProperty(ExchangeProperties.CALLBACK_REFUSAL, refusal);
        }
    }

    private void read(Exchange exchange) {
        Message in = exchange.getMessage();
        if (tokens == null) {
            throw new CallbackRefused(403, "callbacks are not enabled");
        }
        CallbackTarget target = tokens.verify(RequestPath.segment(in, 1), RequestPath.segment(in, 2));
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        CallbackDelivery delivery = switch (target.kind().signature()) {
            case NONE -> plain(target, method, in.getHeader(Exchange.HTTP_RAW_QUERY, "", String.class),
                    contentType, body(in, exchange));
            case SIGNED_PARAMETERS -> recordingReady(exchange, target, signedParameters(in, contentType, exchange));
            case BEARER -> analytics(target, in.getHeader("Authorization", String.class), contentType,
                    body(in, exchange));
        };
        exchange.setProperty(ExchangeProperties.CALLBACK_DELIVERY, delivery);
        in.getHeaders().clear();
        in.setBody(null);
    }

    /** The node's answer: accepted, delivery follows. */
    public void accepted(Exchange exchange) {
        answer(exchange, 202);
    }

    /** The node's answer to a refused callback: its status, an empty body; logged, rate-limited. */
    public void refused(Exchange exchange, @ExchangeProperty(ExchangeProperties.CALLBACK_REFUSAL) CallbackRefused refusal) {
        refusals.refused(refusal.status(), "callback", RefusalLog.sanitize(refusal.getMessage()), null);
        answer(exchange, refusal.status());
    }

    /** The node's answer when Caravan failed to handle its callback: 500, logged with the failure. */
    public void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause == null ? "unknown" : RefusalLog.sanitize(cause.getMessage());
        refusals.refused(500, "callback", reason, cause);
        answer(exchange, 500);
    }

    /** Puts the delivery's body on the message for vertx-http; nothing else travels in headers. */
    public void send(Exchange exchange, @ExchangeProperty(ExchangeProperties.CALLBACK_DELIVERY) CallbackDelivery delivery) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setBody(delivery.body() == null ? null : Buffer.buffer(delivery.body()));
    }

    private static void answer(Exchange exchange, int status) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setBody("");
    }

    /** end and meeting-ended: the node's method and query, with the client's meetingID. */
    private CallbackDelivery plain(CallbackTarget target, String method, String rawQuery, String contentType,
            byte[] body) {
        String query = QueryParams.rewrite(rawQuery, MEETING_ID, id -> clientMeetingId(id, target));
        String url = target.url();
        if (query != null && !query.isEmpty()) {
            url = url + (url.contains("?") ? "&" : "?") + query;
        }
        return new CallbackDelivery(target.kind(), method, url, body == null ? null : contentType, null, body,
                timeoutMillis);
    }

    /** Also names the node in {@link ExchangeProperties#RECORDING_READY_NODE}: its recordings index is refreshed before the client hears. */
    private CallbackDelivery recordingReady(Exchange exchange, CallbackTarget target, String signedParameters) {
        SignedClaims signed = nodeClaims(signedParameters, Algorithm::HMAC256);
        exchange.setProperty(ExchangeProperties.RECORDING_READY_NODE, signed.node());
        Map<String, Object> claims = signed.claims();
        claims.computeIfPresent(CLAIM_MEETING_ID, (k, id) -> clientMeetingId(String.valueOf(id), target));
        String resigned = JWT.create().withPayload(claims).sign(Algorithm.HMAC256(clientSecret(target)));
        byte[] form = (SIGNED_PARAMETERS + "=" + QueryParams.encode(resigned)).getBytes(StandardCharsets.UTF_8);
        return new CallbackDelivery(target.kind(), "POST", target.url(), FORM, null, form, timeoutMillis);
    }

    private CallbackDelivery analytics(CallbackTarget target, String authorization, String contentType, byte[] body) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new CallbackRefused(401, "no bearer token from the node");
        }
        Map<String, Object> claims = nodeClaims(authorization.substring(7).trim(), Algorithm::HMAC512).claims();
        String resigned = JWT.create().withPayload(claims).sign(Algorithm.HMAC512(clientSecret(target)));
        return new CallbackDelivery(target.kind(), "POST", target.url(),
                contentType != null ? contentType : "application/json", "Bearer " + resigned,
                withoutNamespace(body, target), timeoutMillis);
    }

    /**
     * The analytics document names the meeting as the node knows it ({@code tenant~meetingID}); the client gets its
     * own IDs back. Tenant names are plain [A-Za-z0-9._-], so the namespace appears in JSON exactly as written.
     */
    private static byte[] withoutNamespace(byte[] body, CallbackTarget target) {
        if (body == null || target.tenant() == null) {
            return body;
        }
        String json = new String(body, StandardCharsets.UTF_8);
        return json.replace("\"" + target.tenant() + "~", "\"").getBytes(StandardCharsets.UTF_8);
    }

    /** The claims of a JWT one of the nodes signed; the callback does not say which node sent it. */
    private SignedClaims nodeClaims(String token, Function<String, Algorithm> algorithm) {
        if (token == null || token.isEmpty()) {
            throw new CallbackRefused(401, "no signature from the node");
        }
        for (Node node : nodes.get()) {
            DecodedJWT decoded;
            try {
                decoded = JWT.require(algorithm.apply(node.secret())).build().verify(token);
            } catch (JWTVerificationException e) {
                continue;
            }
            try {
                return new SignedClaims(node, JSON.readValue(Base64.getUrlDecoder().decode(decoded.getPayload()),
                        new TypeReference<>() {
                        }));
            } catch (IOException | IllegalArgumentException e) {
                throw new CallbackRefused(403, "unreadable claims");
            }
        }
        throw new CallbackRefused(403, "no node signed this callback");
    }

    /** The claims of a node's token, and the node whose secret signed it. */
    private record SignedClaims(Node node, Map<String, Object> claims) {
    }

    private String clientSecret(CallbackTarget target) {
        List<String> secrets = target.tenant() == null ? globalSecrets
                : tenants.apply(target.tenant()).map(Tenant::secrets)
                        .orElseThrow(() -> new CallbackRefused(403, "tenant " + target.tenant() + " is gone"));
        if (secrets.isEmpty()) {
            throw new CallbackRefused(403, "no secret to sign the callback with");
        }
        // the secret that signed the create; when it has since been removed (or the token predates secret ids),
        // the first secret, which is the one a rolled-over client is meant to have
        if (target.secretId() != null) {
            for (String secret : secrets) {
                if (tokens.secretId(secret).equals(target.secretId())) {
                    return secret;
                }
            }
        }
        return secrets.get(0);
    }

    private static String clientMeetingId(String nodeMeetingId, CallbackTarget target) {
        String namespace = target.tenant() == null ? null : target.tenant() + Tenant.SEPARATOR;
        return namespace != null && nodeMeetingId.startsWith(namespace)
                ? nodeMeetingId.substring(namespace.length()) : nodeMeetingId;
    }

    private static String signedParameters(Message in, String contentType, Exchange exchange) {
        if (contentType != null && contentType.toLowerCase().startsWith(FORM) && in instanceof HttpMessage http
                && http.getRequest().formAttributes() != null && !http.getRequest().formAttributes().isEmpty()) {
            return http.getRequest().formAttributes().get(SIGNED_PARAMETERS);
        }
        byte[] body = body(in, exchange);
        String encoded = body == null ? in.getHeader(Exchange.HTTP_RAW_QUERY, "", String.class)
                : new String(body, StandardCharsets.UTF_8);
        List<String> values = QueryParams.decode(encoded).get(SIGNED_PARAMETERS);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static byte[] body(Message in, Exchange exchange) {
        Object body = in.getBody();
        if (body == null) {
            return null;
        }
        if (body instanceof Buffer buffer) {
            return buffer.length() == 0 ? null : buffer.getBytes();
        }
        byte[] bytes = exchange.getContext().getTypeConverter().convertTo(byte[].class, exchange, body);
        return bytes == null || bytes.length == 0 ? null : bytes;
    }
}
