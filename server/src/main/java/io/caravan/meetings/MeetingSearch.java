package io.caravan.meetings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.caravan.http.RouteSender;
import io.caravan.inventory.Node;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Asks every online node about a meeting the directory does not know (a restarted Caravan, a meeting created on a
 * node directly) through the route {@code direct:ask-node-for-meeting}, one call per node at once. The search ends
 * as soon as one node has the meeting, or when every node has answered no, or after caravan.lookup.timeout: a hung
 * node cannot hold it. Concurrent lookups of one meetingID (a class of students joining at once) share one search.
 * Sets the exchange property {@code node} to the node that has it, or leaves it null.
 */
public final class MeetingSearch extends AsyncProcessorSupport {

    /** The route that asks one node (the body) about the meeting. */
    public static final String ASK_ROUTE = "direct:ask-node-for-meeting";

    private final RouteSender ask;
    private final NodeRegistry registry;
    private final long timeoutMillis;
    private final Timer timer;
    private final Map<String, CompletableFuture<Node>> searches = new ConcurrentHashMap<>();

    /** Runs a task after a delay, on a thread that must not block (the node client's event loop). */
    public interface Timer {
        void after(long millis, Runnable task);
    }

    public MeetingSearch(RouteSender ask, NodeRegistry registry, long timeoutMillis, Timer timer) {
        this.ask = ask;
        this.registry = registry;
        this.timeoutMillis = timeoutMillis;
        this.timer = timer;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String meetingId = exchange.getProperty(ExchangeProperties.MEETING_ID, String.class);
        if (meetingId == null) {
            callback.done(true);
            return true;
        }
        CompletableFuture<Node> created = new CompletableFuture<>();
        CompletableFuture<Node> search = searches.putIfAbsent(meetingId, created);
        if (search == null) {
            search = created;
            start(meetingId, created);
        }
        search.whenComplete((node, failure) -> {
            exchange.setProperty(ExchangeProperties.NODE, node);
            callback.done(false);
        });
        return false;
    }

    /** Searches now running (distinct meetingIDs). */
    public int running() {
        return searches.size();
    }

    private void start(String meetingId, CompletableFuture<Node> search) {
        search.whenComplete((node, failure) -> searches.remove(meetingId, search));
        List<Node> nodes = registry.onlineNodes();
        if (nodes.isEmpty()) {
            search.complete(null);
            return;
        }
        timer.after(timeoutMillis, () -> search.complete(null));
        AtomicInteger unanswered = new AtomicInteger(nodes.size());
        for (Node node : nodes) {
            ask.send(question -> {
                question.setProperty(ExchangeProperties.MEETING_ID, meetingId);
                question.getMessage().setBody(node);
            }, answer -> {
                if (answer.getException() == null && Boolean.TRUE.equals(answer.getProperty(ExchangeProperties.MEETING_FOUND))) {
                    search.complete(node);
                } else if (unanswered.decrementAndGet() == 0) {
                    search.complete(null);
                }
            });
        }
    }
}
