package io.caravan.webhooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.api.RequestPath;
import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.bbb.HookChecksum;
import io.caravan.bbb.QueryParams;
import io.caravan.http.RefusalLog;
import io.caravan.inventory.Node;
import io.caravan.inventory.Tenant;
import io.caravan.routes.ExchangeProperties;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events a node's bbb-webhooks posts to Caravan's hook ({@code /webhooks/node/<node>}): checked against the node's
 * secret, then turned into one delivery per client hook that wants each event, with the client's own meetingIDs and
 * signed with the secret the client created its hook with, as bbb-webhooks would have signed it. Raw events, posted to
 * Caravan's getRaw hook ({@code /webhooks/node/<node>/raw}), go to the clients' getRaw hooks the same way, their
 * meeting found from its internal ID ({@link InternalMeetingIds}).
 */
public final class NodeEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(NodeEvents.class);

    private final Function<String, Optional<Node>> nodes;
    private final String publicUrl;
    private final Hooks hooks;
    private final Function<String, Optional<Tenant>> tenants;
    private final List<String> globalSecrets;
    private final UnaryOperator<String> secretId;
    private final ChecksumAlgorithm checksum;
    private final long timeoutMillis;
    private final String domain;
    private final InternalMeetingIds meetingIds;
    private final WebhookMetrics metrics;
    /** Whoever finds the endpoint can post to it: refusals are logged once per reason every 10 s. */
    private final RefusalLog refusals = new RefusalLog(LOG);

    /**
     * @param secretId names a secret as {@link Hook#secretId} does
     * @param checksum the hash of the checksums Caravan puts on its deliveries (caravan.webhooks.checksum)
     */
    public NodeEvents(Function<String, Optional<Node>> nodes, String publicUrl, Hooks hooks,
            Function<String, Optional<Tenant>> tenants, List<String> globalSecrets, UnaryOperator<String> secretId,
            ChecksumAlgorithm checksum, long timeoutMillis, InternalMeetingIds meetingIds, WebhookMetrics metrics) {
        this.nodes = nodes;
        this.publicUrl = publicUrl;
        this.hooks = hooks;
        this.tenants = tenants;
        this.globalSecrets = globalSecrets;
        this.secretId = secretId;
        this.checksum = checksum;
        this.timeoutMillis = timeoutMillis;
        this.domain = host(publicUrl);
        this.meetingIds = meetingIds;
        this.metrics = metrics;
    }

    /**
     * Reads the node's post of mapped events into {@link ExchangeProperties#WEBHOOK_DELIVERIES}, or records why it is
     * refused in {@link ExchangeProperties#WEBHOOK_REFUSAL} for the route to answer ({@link #refused}).
     */
    public void receive(Exchange exchange) {
        receive(exchange, false);
    }

    /** The same for the post of raw events on Caravan's getRaw hook, for the clients' getRaw hooks. */
    public void receiveRaw(Exchange exchange) {
        receive(exchange, true);
    }

    private void receive(Exchange exchange, boolean raw) {
        Message in = exchange.getMessage();
        if (exchange.getProperty(ExchangeProperties.REFUSAL) != null) {
            // the body was too large or did not arrive (rawRequestBody)
            exchange.setProperty(ExchangeProperties.WEBHOOK_REFUSAL, new EventRefused(413, "a body too large"));
            exchange.removeProperty(ExchangeProperties.REFUSAL);
            return;
        }
        try {
            exchange.setProperty(ExchangeProperties.WEBHOOK_DELIVERIES, deliveries(RequestPath.segment(in, 2),
                    in.getHeader(Exchange.HTTP_RAW_QUERY, "", String.class), body(in, exchange), raw));
        } catch (EventRefused refusal) {
            exchange.setProperty(ExchangeProperties.WEBHOOK_REFUSAL, refusal);
        }
        in.getHeaders().clear();
        in.setBody(null);
    }

    List<HookDelivery> deliveries(String nodeName, String rawQuery, String body, boolean raw) {
        if (publicUrl.isEmpty()) {
            throw new EventRefused(403, "webhooks are off (no caravan.public-url)");
        }
        // 401 for every post that does not verify: bbb-webhooks takes it as delivered and does not retry
        Node node = nodes.apply(nodeName).orElseThrow(() -> new EventRefused(401, "events for an unknown node"));
        List<String> given = QueryParams.decode(rawQuery).get("checksum");
        String callbackUrl = raw ? NodeHooks.rawCallbackUrl(publicUrl, node.name())
                : NodeHooks.callbackUrl(publicUrl, node.name());
        if (given == null || given.size() != 1 || !HookChecksum.verifies(given.get(0), callbackUrl, body,
                node.secret())) {
            throw new EventRefused(401, "events whose checksum the node's secret does not give");
        }
        List<String> events = QueryParams.decode(body).get("event");
        if (events == null || events.isEmpty()) {
            throw new EventRefused(400, "a post without events");
        }
        JsonNode array;
        try {
            array = JSON.readTree(events.get(0));
        } catch (IOException e) {
            throw new EventRefused(400, "events that are not JSON");
        }
        if (array == null || !array.isArray()) {
            throw new EventRefused(400, "events that are not a JSON array");
        }
        metrics.received(node.name(), raw, array.size());
        List<Hook> all = hooks.all();
        List<HookDelivery> deliveries = new ArrayList<>();
        long timestamp = System.currentTimeMillis();
        for (JsonNode event : array) {
            // data.id: a mapped event's id; of raw events only the user-left bbb-webhooks makes up has one
            String eventId = event.path("data").path("id").asText(null);
            JsonNode meeting = event.path("data").path("attributes").path("meeting");
            String meetingId = meeting.path("external-meeting-id").asText(null);
            if (!raw) {
                meetingIds.remember(meeting.path("internal-meeting-id").asText(null), meetingId);
            } else if (meetingId == null) {
                meetingId = rawMeetingId(event);
            }
            String text = event.toString();
            String name = raw && eventId == null ? rawName(event) : eventId;
            for (Hook hook : all) {
                if (raw ? hook.wantsRaw(meetingId, eventId) : hook.wants(meetingId, eventId)) {
                    deliveries.add(delivery(hook, name, text, timestamp));
                }
            }
        }
        return deliveries;
    }

    /**
     * The meetingID (on the node) of a raw event: given by a MeetingCreatedEvtMsg and bbb-record-core's messages,
     * else worked out from the internal meeting ID where bbb-webhooks reads it (web-hooks.js, event.js); null when no
     * event or poll has shown that meeting.
     */
    private String rawMeetingId(JsonNode event) {
        JsonNode created = event.path("core").path("body").path("props").path("meetingProp");
        String given = first(created.path("extId"), event.path("payload").path("external_meeting_id"));
        String internal = first(event.path("envelope").path("routing").path("meetingId"),
                event.path("core").path("header").path("meetingId"), event.path("core").path("body").path("meetingId"),
                created.path("intId"), event.path("payload").path("meeting_id"),
                event.path("core").path("body").path("recordId"));
        if (given != null) {
            meetingIds.remember(internal, given);
            return given;
        }
        return meetingIds.meetingId(internal);
    }

    /** A raw event's name, for the logs: akka-apps' envelope.name or bbb-record-core's header.name. */
    private static String rawName(JsonNode event) {
        return first(event.path("envelope").path("name"), event.path("header").path("name"));
    }

    private static String first(JsonNode... values) {
        for (JsonNode value : values) {
            if (value.isTextual() && !value.asText().isEmpty()) {
                return value.asText();
            }
        }
        return null;
    }

    private HookDelivery delivery(Hook hook, String eventId, String event, long timestamp) {
        // the tenant's namespace comes off every ID in the event; tenant names are plain [A-Za-z0-9._-], so the
        // namespace appears in JSON exactly as written
        String own = hook.tenant() == null ? event : event.replace("\"" + hook.tenant() + Tenant.SEPARATOR, "\"");
        String body = "domain=" + QueryParams.encode(domain) + "&event=" + QueryParams.encode("[" + own + "]")
                + "&timestamp=" + timestamp;
        String url = HookChecksum.signedUrl(checksum, hook.callbackUrl(), body, secretOf(hook));
        return new HookDelivery(hook.id(), eventId, url, body.getBytes(StandardCharsets.UTF_8), timeoutMillis);
    }

    /** The secret the hook's create was signed with; when it has since been removed, the first one. */
    private String secretOf(Hook hook) {
        List<String> secrets = hook.tenant() == null ? globalSecrets
                : tenants.apply(hook.tenant()).map(Tenant::secrets).orElse(List.of());
        if (hook.secretId() != null) {
            for (String secret : secrets) {
                if (secretId.apply(secret).equals(hook.secretId())) {
                    return secret;
                }
            }
        }
        // a tenant removed since: its hooks get nothing a client could verify, so an empty key is as good as none
        return secrets.isEmpty() ? "" : secrets.get(0);
    }

    /** The node's answer: taken, the deliveries follow. */
    public void accepted(Exchange exchange) {
        answer(exchange, 200);
    }

    public void refused(Exchange exchange, @ExchangeProperty(ExchangeProperties.WEBHOOK_REFUSAL) EventRefused refusal) {
        refusals.refused(refusal.status(), "webhook events", RefusalLog.sanitize(refusal.getMessage()), null);
        answer(exchange, refusal.status());
    }

    /** Caravan failed to handle the post (the hooks store unavailable, a bug): 500, and the node tries again. */
    public void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        refusals.refused(500, "webhook events", cause == null ? "unknown" : RefusalLog.sanitize(cause.getMessage()),
                cause);
        answer(exchange, 500);
    }

    /** Puts one delivery's body on the message for vertx-http; nothing else travels in headers. */
    public void send(Exchange exchange, @ExchangeProperty(ExchangeProperties.WEBHOOK_DELIVERY) HookDelivery delivery) {
        Message message = exchange.getMessage();
        if (message.getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) > 0) {
            metrics.delivery(WebhookMetrics.Outcome.RETRIED);
        }
        keepOnlyRedeliveryState(message);
        message.setBody(Buffer.buffer(delivery.body()));
    }

    /**
     * The client's answer: bbb-webhooks counts 2xx and 401 (the client refused, but it was reached) as delivered;
     * anything else is a failure the delivery route retries.
     */
    public void delivered(Exchange exchange,
            @ExchangeProperty(ExchangeProperties.WEBHOOK_DELIVERY) HookDelivery delivery) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        keepOnlyRedeliveryState(exchange.getMessage());
        exchange.getMessage().setBody(null);
        if ((status < 200 || status > 299) && status != 401) {
            throw new IllegalStateException("the hook answered HTTP " + status);
        }
        metrics.delivery(WebhookMetrics.Outcome.DELIVERED);
        LOG.debug("event {} delivered to hook {}", delivery.eventId(), delivery.hookId());
    }

    /**
     * A delivery that failed its last retry: the hook goes, as bbb-webhooks removes a hook that is not permanent
     * after its retries ran out.
     */
    public void undelivered(@ExchangeProperty(ExchangeProperties.WEBHOOK_DELIVERY) HookDelivery delivery,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        metrics.delivery(WebhookMetrics.Outcome.FAILED);
        LOG.warn("hook {} removed: event {} not delivered after its retries ({})", delivery.hookId(),
                delivery.eventId(), failure == null ? "unknown" : RefusalLog.sanitize(failure.getMessage()
                        .replaceAll("\\?\\S*", "?…")));
        try {
            hooks.remove(delivery.hookId());
        } catch (RuntimeException e) {
            LOG.warn("hook {} could not be removed: {}", delivery.hookId(), e.getMessage());
        }
    }

    /**
     * Drops the client's and vertx-http's headers but not the redelivery counter Camel keeps in the message: without
     * it every retry would count as the first, and a failing hook would be retried for ever.
     */
    private static void keepOnlyRedeliveryState(Message message) {
        message.removeHeaders("*", Exchange.REDELIVERY_COUNTER, Exchange.REDELIVERED, Exchange.REDELIVERY_MAX_COUNTER);
    }

    private static void answer(Exchange exchange, int status) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setBody("");
    }

    private static String body(Message in, Exchange exchange) {
        Object body = in.getBody();
        if (body == null) {
            return "";
        }
        if (body instanceof Buffer buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
        String text = exchange.getContext().getTypeConverter().convertTo(String.class, exchange, body);
        return text == null ? "" : text;
    }

    private static String host(String url) {
        int start = url.indexOf("://");
        String rest = start < 0 ? url : url.substring(start + 3);
        int end = rest.indexOf('/');
        rest = end < 0 ? rest : rest.substring(0, end);
        int colon = rest.lastIndexOf(':');
        return colon < 0 || rest.endsWith("]") ? rest : rest.substring(0, colon);
    }
}
