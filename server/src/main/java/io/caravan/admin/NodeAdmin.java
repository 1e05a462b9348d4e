package io.caravan.admin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.bbb.NodeAnswerError;
import io.caravan.bbb.NodeAnswers;
import io.caravan.bbb.PolledMeeting;
import io.caravan.bbb.QueryParams;
import io.caravan.inventory.InventoryOverlay;
import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.nodecalls.NodeCall;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.nodes.NodeRegistry;
import io.caravan.nodes.NodeStatus;
import io.caravan.recordings.RecordingIndex;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node operations of the admin API. Changes go through the {@link InventoryOverlay} (validated, saved, applied to
 * the registry); the calls to nodes (the check of a new node, the end calls of a panic) are made by the routes.
 */
public final class NodeAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAdmin.class);
    /** Admin JSON fields and the inventory keys they stand for. */
    private static final Map<String, String> FIELDS = Map.of("name", "name", "url", "url", "secret", "secret",
            "cluster", "cluster", "tags", "tags", "loadFactor", "load-factor", "checksum", "checksum",
            "loadUrl", "load-url", "state", "state");
    private static final Set<String> UPDATABLE =
            Set.of("url", "secret", "cluster", "tags", "loadFactor", "checksum", "loadUrl");

    private final InventoryOverlay inventory;
    private final NodeRegistry registry;
    private final MeetingDirectory directory;
    private final RecordingIndex recordings;
    private final long timeoutMillis;
    private final ObjectMapper json = new ObjectMapper();

    public NodeAdmin(InventoryOverlay inventory, NodeRegistry registry, MeetingDirectory directory,
            RecordingIndex recordings, long timeoutMillis) {
        this.inventory = inventory;
        this.registry = registry;
        this.directory = directory;
        this.recordings = recordings;
        this.timeoutMillis = timeoutMillis;
    }

    private NodeView nodeView(NodeStatus status) {
        return NodeView.of(status, recordings.countOn(status.node().name()));
    }

    public AdminAnswer list() {
        return AdminAnswer.ok(Map.of("nodes", registry.statuses().stream().map(this::nodeView).toList()));
    }

    public AdminAnswer view(@ExchangeProperty(ExchangeProperties.ADMIN_NAME) String name) {
        return AdminResponses.answering(() -> AdminAnswer.ok(nodeView(status(name))));
    }

    /**
     * Reads and validates a new node; sets the exchange property {@code node} for the check call. An invalid node is
     * refused in {@link AdminResponses#REFUSAL}.
     */
    public Node prepareAdd(Exchange exchange, @ExchangeProperty(ExchangeProperties.ADMIN_BODY) String body) {
        return AdminResponses.checking(exchange, () -> {
            ObjectNode entry = entry(body, FIELDS.keySet());
            if (entry.path("name").asText("").isBlank()) {
                throw AdminError.badRequest("'name' is required");
            }
            Node node = inventory.validateNew(entry);
            exchange.setProperty(ExchangeProperties.NODE, node);
            exchange.setProperty(ExchangeProperties.ADMIN_ENTRY, entry);
            return node;
        });
    }

    /** One signed getMeetings: proves the URL reaches a BBB node and the secret is right. */
    public NodeCall checkCall(@ExchangeProperty(ExchangeProperties.NODE) Node node) {
        return NodeCalls.signed(node, "getMeetings", "", "GET", null, null, timeoutMillis);
    }

    /** The check call got no answer: a 502, refused in {@link AdminResponses#REFUSAL}; nothing is saved. */
    public void checkUnreachable(Exchange exchange, @ExchangeProperty(ExchangeProperties.NODE) Node node,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        exchange.setProperty(ExchangeProperties.ADMIN_REFUSAL, AdminAnswer.error(502,
                "node '" + node.name() + "' did not answer getMeetings: " + failure.getMessage()));
    }

    /** A check answer that is not a getMeetings SUCCESS (a wrong secret): a 400 in {@link AdminResponses#REFUSAL}. */
    public void checkAnswer(Exchange exchange, @ExchangeProperty(ExchangeProperties.NODE) Node node,
            @Body byte[] answer) {
        try {
            NodeAnswers.meetings(answer);
        } catch (NodeAnswerError e) {
            exchange.setProperty(ExchangeProperties.ADMIN_REFUSAL, AdminAnswer.error(400, "node '" + node.name()
                    + "' refused getMeetings (" + e.getMessage() + "): is the secret right?"));
        }
    }

    public AdminAnswer add(@ExchangeProperty(ExchangeProperties.ADMIN_ENTRY) ObjectNode entry) {
        return AdminResponses.answering(() -> {
            Node node = inventory.add(entry);
            LOG.info("node {} added through the admin API", node.name());
            return new AdminAnswer(201, nodeView(status(node.name())));
        });
    }

    public AdminAnswer update(@ExchangeProperty(ExchangeProperties.ADMIN_NAME) String name,
            @ExchangeProperty(ExchangeProperties.ADMIN_BODY) String body) {
        return AdminResponses.answering(() -> {
            status(name);
            inventory.update(name, entry(body, UPDATABLE));
            LOG.info("node {} updated through the admin API", name);
            return AdminAnswer.ok(nodeView(status(name)));
        });
    }

    public AdminAnswer remove(@ExchangeProperty(ExchangeProperties.ADMIN_NAME) String name,
            @ExchangeProperty(ExchangeProperties.ADMIN_FORCE) boolean force) {
        return AdminResponses.answering(() -> {
            int meetings = status(name).meetings().size();
            if (meetings > 0 && !force) {
                throw AdminError.conflict("node '" + name + "' hosts " + meetings
                        + " meetings: cordon it and wait, or remove it with force=true");
            }
            inventory.remove(name);
            directory.forgetNode(name);
            LOG.info("node {} removed through the admin API ({} meetings forgotten)", name, meetings);
            return AdminAnswer.ok(Map.of("removed", name, "meetings", meetings));
        });
    }

    /** enable, cordon or disable. */
    public AdminAnswer changeState(@ExchangeProperty(ExchangeProperties.ADMIN_NAME) String name,
            @ExchangeProperty(ExchangeProperties.ADMIN_ACTION) String action) {
        return AdminResponses.answering(() -> {
            NodeState state = switch (action) {
                case "enable" -> NodeState.ENABLED;
                case "cordon" -> NodeState.CORDONED;
                case "disable" -> NodeState.DISABLED;
                default -> throw AdminError.notFound("unknown node action '" + action
                        + "' (enable, cordon, disable, panic)");
            };
            setState(name, state);
            return AdminAnswer.ok(nodeView(status(name)));
        });
    }

    /**
     * The end calls of a panic: one per meeting the node reported in its last poll. An unknown node is refused in
     * {@link AdminResponses#REFUSAL}.
     */
    public List<NodeCall> panicCalls(Exchange exchange, @ExchangeProperty(ExchangeProperties.ADMIN_NAME) String name) {
        return AdminResponses.checking(exchange, () -> {
            NodeStatus status = status(name);
            exchange.setProperty(ExchangeProperties.ADMIN_PANIC, new PanicCount());
            return status.meetings().stream().map(PolledMeeting::meetingId)
                    .map(id -> NodeCalls.signed(status.node(), "end", "meetingID=" + QueryParams.encode(id), "GET",
                            null, null, timeoutMillis))
                    .toList();
        });
    }

    public void meetingEnded(@ExchangeProperty(ExchangeProperties.ADMIN_PANIC) PanicCount count) {
        count.ended.incrementAndGet();
    }

    public void endFailed(@ExchangeProperty(ExchangeProperties.ADMIN_PANIC) PanicCount count) {
        count.failed.incrementAndGet();
    }

    public AdminAnswer panicked(@ExchangeProperty(ExchangeProperties.ADMIN_NAME) String name,
            @ExchangeProperty(ExchangeProperties.ADMIN_PANIC) PanicCount count) {
        return AdminResponses.answering(() -> {
            directory.forgetNode(name);
            setState(name, NodeState.DISABLED);
            LOG.warn("node {} panicked: {} meetings ended, {} end calls failed; node disabled", name,
                    count.ended.get(), count.failed.get());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("node", nodeView(status(name)));
            answer.put("meetingsEnded", count.ended.get());
            answer.put("endsFailed", count.failed.get());
            return AdminAnswer.ok(answer);
        });
    }

    private void setState(String name, NodeState state) {
        // a cordon's notice ends with the cordon; a cordon through this path is a plain one
        ObjectNode fields = json.createObjectNode().put("state", state.configName()).putNull("cordon");
        inventory.update(name, fields);
        LOG.info("node {} is now {} (admin API)", name, state.configName());
    }

    private NodeStatus status(String name) {
        return registry.status(name).orElseThrow(() -> AdminError.notFound("unknown node '" + name + "'"));
    }

    /** The request's JSON object in inventory keys; unknown or not allowed fields are refused, not ignored. */
    private static ObjectNode entry(String body, Set<String> allowed) throws JsonProcessingException {
        return AdminBodies.entry(body, FIELDS, allowed);
    }

    /** Counts of a panic, shared by the parallel end calls. */
    public static final class PanicCount {
        private final AtomicInteger ended = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
    }
}
