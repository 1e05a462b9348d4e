package io.caravan.webhooks;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Caravan's own hook on every node: one global hook per node whose callback URL is
 * {@code <caravan.public-url>/webhooks/node/<node>}. Every check (caravan.webhooks.check-interval) asks each online
 * node hooks/list and creates the hook where it is missing: a node added later, one back online, one whose
 * bbb-webhooks lost its hooks. Instances behind one public URL register the same URL, and bbb-webhooks keeps one hook
 * per URL, so a node sends each event once whichever instances registered it.
 */
public final class NodeHooks {

    private static final Logger LOG = LoggerFactory.getLogger(NodeHooks.class);

    private final Supplier<List<Node>> onlineNodes;
    private final String publicUrl;
    private final long timeoutMillis;
    /** Nodes whose last check failed: logged when they start failing and when they recover, not every check. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    public NodeHooks(Supplier<List<Node>> onlineNodes, String publicUrl, long timeoutMillis) {
        this.onlineNodes = onlineNodes;
        this.publicUrl = publicUrl;
        this.timeoutMillis = timeoutMillis;
    }

    /** The URL of Caravan's hook on a node, as registered there and as its checksums cover it. */
    public static String callbackUrl(String publicUrl, String nodeName) {
        return publicUrl + "/webhooks/node/" + QueryParams.encode(nodeName);
    }

    /** The nodes to check; none without caravan.public-url, where nodes could not reach Caravan. */
    public Collection<Node> nodesToCheck() {
        return publicUrl.isEmpty() ? List.of() : onlineNodes.get();
    }

    public NodeCall listCall(@ExchangeProperty(ExchangeProperties.NODE) Node node) {
        return NodeCalls.signed(node, "hooks/list", "", "GET", null, null, timeoutMillis);
    }

    /** Whether the node's hooks/list answer (the body) lacks Caravan's hook. */
    public boolean missing(Exchange exchange, @ExchangeProperty(ExchangeProperties.NODE) Node node) {
        Document answer = NodeAnswers.parse(exchange.getMessage().getBody(byte[].class));
        String own = callbackUrl(publicUrl, node.name());
        NodeList urls = answer.getElementsByTagName("callbackURL");
        for (int i = 0; i < urls.getLength(); i++) {
            if (own.equals(urls.item(i).getTextContent().trim())) {
                recovered(node);
                return false;
            }
        }
        return true;
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
