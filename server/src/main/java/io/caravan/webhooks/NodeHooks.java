package io.caravan.webhooks;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.caravan.bbb.NodeAnswers;
import io.caravan.bbb.QueryParams;
import io.caravan.inventory.Node;
import io.caravan.nodecalls.NodeCall;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Caravan's own hook on every node: one global hook per node whose callback URL is
 * {@code <caravan.public-url>/webhooks/node/<node>}. Every check (caravan.webhooks.check-interval) asks each online
 * node hooks/list and creates the hook where it is missing: a node added later, one back online, one whose
 * bbb-webhooks lost its hooks. Instances behind one public URL register the same URL, and bbb-webhooks keeps one hook
 * per URL, so a node sends each event once whichever instances registered it.
 *
 * <p>While some client hook wants raw events (getRaw), a second one, {@code .../webhooks/node/<node>/raw} with
 * getRaw=true, is kept the same way, and destroyed once none does: a raw hook on bbb-webhooks gets raw events only, so
 * it cannot be the first one, and without raw hooks it would double every node's posts for nothing. Every instance
 * reads the same hooks, so they agree on it within one check.
 */
public final class NodeHooks {

    private static final Logger LOG = LoggerFactory.getLogger(NodeHooks.class);

    private final Supplier<List<Node>> onlineNodes;
    private final String publicUrl;
    private final long timeoutMillis;
    private final BooleanSupplier rawWanted;
    /** Whether a client hook wanted raw events at the start of this check: one store read per check, not per node. */
    private volatile boolean raw;
    /** Nodes whose last check failed: logged when they start failing and when they recover, not every check. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    /** @param rawWanted whether some client hook wants raw events (it may fail: the store is away) */
    public NodeHooks(Supplier<List<Node>> onlineNodes, String publicUrl, long timeoutMillis, BooleanSupplier rawWanted) {
        this.onlineNodes = onlineNodes;
        this.publicUrl = publicUrl;
        this.timeoutMillis = timeoutMillis;
        this.rawWanted = rawWanted;
    }

    /**
     * What a node's hooks/list shows of Caravan's hooks.
     *
     * @param own       whether the hook of mapped events is there
     * @param rawHookId the hookID of the getRaw one, null when there is none
     */
    public record Listed(boolean own, String rawHookId) {
    }

    /** The URL of Caravan's hook on a node, as registered there and as its checksums cover it. */
    public static String callbackUrl(String publicUrl, String nodeName) {
        return publicUrl + "/webhooks/node/" + QueryParams.encode(nodeName);
    }

    /** The URL of Caravan's getRaw hook on a node. */
    public static String rawCallbackUrl(String publicUrl, String nodeName) {
        return callbackUrl(publicUrl, nodeName) + "/raw";
    }

    /** The nodes to check; none without caravan.public-url, where nodes could not reach Caravan. */
    public Collection<Node> nodesToCheck() {
        if (publicUrl.isEmpty()) {
            return List.of();
        }
        try {
            raw = rawWanted.getAsBoolean();
        } catch (RuntimeException e) {
            // the store is away: the raw hooks stay as they are until it answers
            LOG.debug("hooks not read: {}", e.getMessage());
        }
        return onlineNodes.get();
    }

    public NodeCall listCall(@ExchangeProperty(ExchangeProperties.NODE) Node node) {
        return NodeCalls.signed(node, "hooks/list", "", "GET", null, null, timeoutMillis);
    }

    /** Reads the node's hooks/list answer (the body) into {@link ExchangeProperties#LISTED_HOOKS}. */
    public void listed(Exchange exchange, @ExchangeProperty(ExchangeProperties.NODE) Node node) {
        Element answer = NodeAnswers.parse(exchange.getMessage().getBody(byte[].class)).getDocumentElement();
        String own = callbackUrl(publicUrl, node.name());
        String ownRaw = rawCallbackUrl(publicUrl, node.name());
        boolean found = false;
        String rawHookId = null;
        NodeList hooks = answer.getElementsByTagName("hook");
        for (int i = 0; i < hooks.getLength(); i++) {
            Element hook = (Element) hooks.item(i);
            String url = NodeAnswers.text(hook, "callbackURL");
            url = url == null ? "" : url.trim();
            found |= own.equals(url);
            if (ownRaw.equals(url)) {
                rawHookId = NodeAnswers.text(hook, "hookID");
            }
        }
        exchange.setProperty(ExchangeProperties.LISTED_HOOKS, new Listed(found, rawHookId));
    }

    /** Whether the node lacks Caravan's hook of mapped events. */
    public boolean missing(@ExchangeProperty(ExchangeProperties.LISTED_HOOKS) Listed listed,
            @ExchangeProperty(ExchangeProperties.NODE) Node node) {
        if (listed.own()) {
            recovered(node);
        }
        return !listed.own();
    }

    /** Whether the getRaw hook is to be created (a client hook wants raw events) or destroyed (none does). */
    public boolean rawToChange(@ExchangeProperty(ExchangeProperties.LISTED_HOOKS) Listed listed) {
        return raw != (listed.rawHookId() != null);
    }

    public NodeCall rawCall(@ExchangeProperty(ExchangeProperties.LISTED_HOOKS) Listed listed,
            @ExchangeProperty(ExchangeProperties.NODE) Node node) {
        String query = listed.rawHookId() == null
                ? "callbackURL=" + QueryParams.encode(rawCallbackUrl(publicUrl, node.name())) + "&getRaw=true"
                : "hookID=" + QueryParams.encode(listed.rawHookId());
        return NodeCalls.signed(node, listed.rawHookId() == null ? "hooks/create" : "hooks/destroy", query, "GET",
                null, null, timeoutMillis);
    }

    /** After the getRaw hook's create or destroy; destroyMissingHook is another instance's destroy, done first. */
    public void rawChanged(Exchange exchange, @ExchangeProperty(ExchangeProperties.LISTED_HOOKS) Listed listed,
            @ExchangeProperty(ExchangeProperties.NODE) Node node) {
        NodeAnswers.Outcome outcome = NodeAnswers.outcome(NodeAnswers.parse(exchange.getMessage().getBody(byte[].class)));
        boolean created = listed.rawHookId() == null;
        if (outcome.success() || !created && "destroyMissingHook".equals(outcome.messageKey())) {
            LOG.info(created ? "raw webhook registered on node {}" : "raw webhook removed from node {}", node.name());
        } else {
            LOG.warn("raw webhook on node {}: hooks/{} answered {}", node.name(), created ? "create" : "destroy",
                    outcome.messageKey());
        }
    }

    public NodeCall createCall(@ExchangeProperty(ExchangeProperties.NODE) Node node) {
        return NodeCalls.signed(node, "hooks/create",
                "callbackURL=" + QueryParams.encode(callbackUrl(publicUrl, node.name())), "GET", null, null,
                timeoutMillis);
    }

    /** After hooks/create: SUCCESS (duplicateWarning included: another instance was first) or a failure. */
    public void registered(Exchange exchange, @ExchangeProperty(ExchangeProperties.NODE) Node node) {
        NodeAnswers.Outcome outcome = NodeAnswers.outcome(NodeAnswers.parse(exchange.getMessage().getBody(byte[].class)));
        if (!outcome.success()) {
            failed(node, "hooks/create answered " + outcome.messageKey());
            return;
        }
        recovered(node);
        LOG.info("webhook registered on node {}", node.name());
    }

    /** A check that failed: no bbb-webhooks on the node, a refusal, no answer. */
    public void checkFailed(@ExchangeProperty(ExchangeProperties.NODE) Node node,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        failed(node, failure == null ? "unknown" : NodeCalls.describe(failure));
    }

    private void failed(Node node, String reason) {
        if (failing.add(node.name())) {
            LOG.warn("no webhook on node {} (is bbb-webhooks running there?): {}; checked again every interval",
                    node.name(), reason);
        }
    }

    private void recovered(Node node) {
        if (failing.remove(node.name())) {
            LOG.info("webhook on node {} is back", node.name());
        }
    }
}
