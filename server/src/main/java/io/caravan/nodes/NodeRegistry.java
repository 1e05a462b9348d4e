package io.caravan.nodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.caravan.bbb.PolledMeeting;
import io.caravan.inventory.Inventory;
import io.caravan.inventory.LoadFormula;
import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import io.caravan.shared.EventLog;

/**
 * The nodes Caravan balances over, with their health, their last poll and the load placed on them since. The one
 * place that answers "which nodes may take a meeting, and how busy are they".
 */
public final class NodeRegistry {

    private final Map<String, Tracked> nodes = new ConcurrentHashMap<>();
    private final int offlineAfter;
    private final int onlineAfter;
    private final int suspectAfter;
    private final EventLog events;
    private boolean applied;
    private final AtomicLong completedPollCycles = new AtomicLong();
    private volatile Inventory inventory;
    private volatile Consumer<Node> newNodeListener = node -> { };
    private volatile Consumer<Node> suspectListener = node -> { };

    public NodeRegistry(Inventory inventory, int offlineAfter, int onlineAfter) {
        this(inventory, offlineAfter, onlineAfter, 1);
    }

    public NodeRegistry(Inventory inventory, int offlineAfter, int onlineAfter, int suspectAfter) {
        // a registry nobody shows the events of (tests of placement, health) keeps a few for itself
        this(inventory, offlineAfter, onlineAfter, suspectAfter, new EventLog(100));
    }

    /** With the events log the registry tells of nodes going offline and online, state changes, added and removed nodes. */
    public NodeRegistry(Inventory inventory, int offlineAfter, int onlineAfter, int suspectAfter, EventLog events) {
        if (offlineAfter < 1 || onlineAfter < 1 || suspectAfter < 1) {
            throw new IllegalArgumentException(
                    "caravan.health.offline-after, online-after and suspect-after must be at least 1");
        }
        this.offlineAfter = offlineAfter;
        this.onlineAfter = onlineAfter;
        this.suspectAfter = suspectAfter;
        this.events = events;
        apply(inventory);
    }

    /** Who hears of a node that just became suspect (passive health): the poller, which asks it at once. */
    public void onSuspect(Consumer<Node> listener) {
        this.suspectListener = listener;
    }

    /**
     * Who hears of nodes new to the registry (added, or moved to another URL): the poller, which asks them at once,
     * so a node added through the admin API (on this instance or another) takes meetings without waiting a whole
     * poll interval.
     */
    public void onNewNode(Consumer<Node> listener) {
        this.newNodeListener = listener;
    }

    /** Takes a (new) inventory: new nodes are added offline, changed ones keep their health, missing ones go. */
    public void apply(Inventory newInventory) {
        List<Node> added = new ArrayList<>();
        synchronized (this) {
            this.inventory = newInventory;
            List<String> names = newInventory.nodes().stream().map(Node::name).toList();
            // the first inventory is where Caravan starts from, not a change worth an event
            boolean told = applied;
            applied = true;
            for (String gone : List.copyOf(nodes.keySet())) {
                if (!names.contains(gone) && nodes.remove(gone) != null && told) {
                    events.record(EventLog.NODE_REMOVED, gone, "removed from the inventory");
                }
            }
            for (Node node : newInventory.nodes()) {
                nodes.compute(node.name(), (name, tracked) -> {
                    if (tracked == null || !tracked.node.apiUrl().equals(node.apiUrl())) {
                        added.add(node);
                        if (told) {
                            events.record(EventLog.NODE_ADDED, name, tracked == null ? "added, " + node.state()
                                    .configName() : "moved to another URL, polled as a new node");
                        }
                        return new Tracked(node, new NodeHealth(offlineAfter, onlineAfter, suspectAfter));
                    }
                    if (tracked.node.state() != node.state()) {
                        events.record(EventLog.NODE_STATE, name, "now " + node.state().configName() + " (was "
                                + tracked.node.state().configName() + ")");
                    }
                    tracked.node = node;
                    return tracked;
                });
            }
        }
        added.stream().filter(node -> node.state() != NodeState.DISABLED).forEach(newNodeListener);
    }

    public Inventory inventory() {
        return inventory;
    }

    public Collection<Node> nodes() {
        return nodes.values().stream().map(t -> t.node).toList();
    }

    public Optional<Node> node(String name) {
        Tracked tracked = name == null ? null : nodes.get(name);
        return tracked == null ? Optional.empty() : Optional.of(tracked.node);
    }

    /** Nodes the poller asks: all but disabled ones. */
    public List<Node> nodesToPoll() {
        return nodes.values().stream().map(t -> t.node).filter(n -> n.state() != NodeState.DISABLED).toList();
    }

    /** Whether calls for a meeting on this node can go there: it exists, is online and not disabled. */
    public boolean canServe(String name) {
        Tracked tracked = name == null ? null : nodes.get(name);
        return tracked != null && tracked.node.state() != NodeState.DISABLED && tracked.health.online();
    }

    /** Whether passive health doubts the node since its last successful poll (see {@link NodeHealth}). */
    public boolean suspect(String name) {
        Tracked tracked = name == null ? null : nodes.get(name);
        return tracked != null && tracked.health.suspect();
    }

    /** Nodes that may take a new meeting: enabled, online and not suspect. */
    public List<Node> eligibleForNewMeetings() {
        return nodes.values().stream()
                .filter(t -> t.node.state() == NodeState.ENABLED && t.health.online() && !t.health.suspect())
                .map(t -> t.node)
                .toList();
    }

    /** Nodes that can answer a lookup: online and not disabled. */
    public List<Node> onlineNodes() {
        return nodes.values().stream()
                .filter(t -> t.node.state() != NodeState.DISABLED && t.health.online())
                .map(t -> t.node)
                .toList();
    }

    /**
     * A successful poll of the node (or a refresh for getMeetings). Answers to polls that started before the one
     * already recorded keep the newer meetings: a refresh and a cycle's poll may answer out of order. Returns whether
     * this answer's meetings were taken.
     */
    public boolean recordPoll(String name, List<PolledMeeting> meetings, long pollStartedNanos, Instant at) {
        Tracked tracked = nodes.get(name);
        if (tracked == null) {
            return false;
        }
        if (tracked.health.success(at)) {
            events.record(EventLog.NODE_ONLINE, name, "online: answered its poll");
        }
        synchronized (tracked) {
            if (tracked.polled && pollStartedNanos - tracked.polledFromNanos < 0) {
                return false;
            }
            tracked.meetings = List.copyOf(meetings);
            tracked.attendees = meetings.stream().mapToInt(PolledMeeting::attendees).sum();
            // placements made before this poll started are in its answer now; later ones are not yet
            tracked.pending.removeIf(p -> p.atNanos - pollStartedNanos < 0);
            tracked.reservations.polled(tracked.meetings, System.nanoTime());
            tracked.polledFromNanos = pollStartedNanos;
            tracked.polled = true;
        }
        return true;
    }

    /**
     * Caravan changed the node's meetings at this moment ({@link System#nanoTime()}): a create, an end, a meeting
     * found by a lookup. Until a poll that started later has answered, getMeetings asks the node again first
     * ({@link #nodesToRefresh()}), so that a client reads its own writes.
     */
    public void changed(String name, long atNanos) {
        Tracked tracked = name == null ? null : nodes.get(name);
        if (tracked != null) {
            synchronized (tracked) {
                if (tracked.changedAtNanos == Long.MIN_VALUE || atNanos - tracked.changedAtNanos > 0) {
                    tracked.changedAtNanos = atNanos;
                }
            }
        }
    }

    /** The serving nodes whose last poll started before Caravan's last change to them. */
    public List<Node> nodesToRefresh() {
        return nodes.values().stream()
                .filter(t -> t.node.state() != NodeState.DISABLED && t.health.online())
                .filter(t -> t.changedAtNanos != Long.MIN_VALUE
                        && (!t.polled || t.changedAtNanos - t.polledFromNanos >= 0))
                .map(t -> t.node)
                .toList();
    }

    /**
     * The node ended this meeting through Caravan: it leaves the node's polled meetings at once, even if the
     * refresh that getMeetings asks for does not get an answer.
     */
    public void endedMeeting(String name, String meetingId) {
        Tracked tracked = name == null ? null : nodes.get(name);
        if (tracked != null) {
            synchronized (tracked) {
                List<PolledMeeting> kept = tracked.meetings.stream()
                        .filter(m -> !m.meetingId().equals(meetingId)).toList();
                if (kept.size() != tracked.meetings.size()) {
                    tracked.meetings = kept;
                    tracked.attendees = kept.stream().mapToInt(PolledMeeting::attendees).sum();
                }
            }
            tracked.reservations.release(meetingId);
        }
    }

    /**
     * Whether the node's last successful poll started after this moment ({@link System#nanoTime()}), so that what
     * happened then is in its answer; true for a node no longer in the inventory (nothing will be heard of it).
     */
    public boolean polledSince(String name, long atNanos) {
        Tracked tracked = name == null ? null : nodes.get(name);
        return tracked == null || (tracked.polled && tracked.polledFromNanos - atNanos > 0);
    }

    /**
     * A call to the node ended after {@code nanos}: its latency weighs in placement (an exponentially weighted
     * average). {@code failure} is null when the node answered; otherwise, for calls that count towards passive
     * health, why it did not. A node that becomes suspect is handed to the suspect listener.
     */
    public void recordCall(String name, long nanos, boolean countsForHealth, String failure) {
        Tracked tracked = nodes.get(name);
        if (tracked == null) {
            return;
        }
        tracked.latency.add(nanos / 1e9);
        if (failure == null) {
            tracked.lastAnswerNanos = System.nanoTime();
        }
        if (!countsForHealth) {
            return;
        }
        if (failure == null) {
            tracked.health.callSucceeded();
        } else if (tracked.health.callFailed(failure)) {
            suspectListener.accept(tracked.node);
        }
    }

    /**
     * When the node last answered a call ({@link System#nanoTime()}); {@link Long#MIN_VALUE} when it never did, or
     * has not since it was added.
     */
    public long lastAnswerNanos(String name) {
        Tracked tracked = nodes.get(name);
        return tracked == null ? Long.MIN_VALUE : tracked.lastAnswerNanos;
    }

    /** The node's average call latency in seconds (0 before its first call). */
    public double latencySeconds(String name) {
        Tracked tracked = nodes.get(name);
        return tracked == null ? 0 : tracked.latency.value();
    }

    public void recordCpu(String name, int cpu) {
        Tracked tracked = nodes.get(name);
        if (tracked != null) {
            tracked.cpu = cpu;
        }
    }

    public void recordFailure(String name, String error, Instant at) {
        Tracked tracked = nodes.get(name);
        if (tracked != null) {
            if (tracked.health.failure(at, error)) {
                // the poll error is on the node's row; it may quote the node's URL, which is not for an event
                events.record(EventLog.NODE_OFFLINE, name, "offline: its polls failed");
            }
            if (!tracked.health.online()) {
                // a node that went away may come back upgraded: ask its version again
                tracked.version = null;
            }
        }
    }

    public void recordVersion(String name, String version) {
        Tracked tracked = nodes.get(name);
        if (tracked != null) {
            tracked.version = version;
        }
    }

    /** Whether the node's BBB version is still to be asked (it is asked once, not every poll). */
    public boolean needsVersion(String name) {
        Tracked tracked = nodes.get(name);
        return tracked != null && tracked.version == null;
    }

    public void pollCycleCompleted() {
        completedPollCycles.incrementAndGet();
    }

    public long completedPollCycles() {
        return completedPollCycles.get();
    }

    /** Adds the load of a meeting just placed, so that the next placement already sees it. */
    public void addPendingLoad(String name, double load, long atNanos) {
        Tracked tracked = nodes.get(name);
        if (tracked != null) {
            tracked.pending.add(new PendingLoad(atNanos, load));
        }
    }

    /**
     * Holds seats on the node for a meeting just placed there that expects that many attendees, for at most
     * {@code cooldownNanos}; they weigh as attendees in the cluster's formula until polls see the attendees arrive
     * (see {@link SeatReservations}).
     */
    public void reserveSeats(String name, String meetingId, int seats, long atNanos, long cooldownNanos) {
        Tracked tracked = name == null ? null : nodes.get(name);
        if (tracked != null) {
            tracked.reservations.reserve(meetingId, seats, atNanos, cooldownNanos);
        }
    }

    /** The meeting's seats on this node are no longer needed: it was placed elsewhere. */
    public void releaseSeats(String name, String meetingId) {
        Tracked tracked = name == null ? null : nodes.get(name);
        if (tracked != null) {
            tracked.reservations.release(meetingId);
        }
    }

    /** The seats held on the node for meetings whose attendees have not arrived yet. */
    public long reservedSeats(String name) {
        Tracked tracked = nodes.get(name);
        return tracked == null ? 0 : tracked.reservations.seats(System.nanoTime());
    }

    /**
     * The load used for placement: the cluster's formula over the last poll, and the seats reserved weighed as its
     * attendees, times the load factor; plus the meetings placed since the poll.
     */
    public double load(String name) {
        Tracked tracked = nodes.get(name);
        return tracked == null ? Double.MAX_VALUE : loadOf(tracked);
    }

    /** The placement weight of one new meeting on this node. */
    public double meetingLoad(Node node) {
        return inventory.cluster(node.cluster()).loadFormula().meetingWeight() * node.loadFactor();
    }

    public Optional<NodeStatus> status(String name) {
        Tracked tracked = nodes.get(name);
        return tracked == null ? Optional.empty() : Optional.of(statusOf(tracked));
    }

    public List<NodeStatus> statuses() {
        List<NodeStatus> statuses = new ArrayList<>();
        nodes.values().forEach(t -> statuses.add(statusOf(t)));
        statuses.sort((a, b) -> a.node().name().compareTo(b.node().name()));
        return statuses;
    }

    /**
     * The lowest BBB version the online nodes report (their version documents), "" while none has: what a client
     * may count on whichever node its meeting lands on.
     */
    public String lowestBbbVersion() {
        return nodes.values().stream()
                .filter(t -> t.node.state() != NodeState.DISABLED && t.health.online())
                .map(t -> t.version)
                .filter(v -> v != null && !v.isBlank())
                .min(NodeRegistry::compareVersions)
                .orElse("");
    }

    /** Compares dotted versions number by number (3.0.9 before 3.0.19); a part that is not a number compares as text. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c;
            try {
                c = Long.compare(Long.parseLong(p), Long.parseLong(q));
            } catch (NumberFormatException e) {
                c = p.compareTo(q);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The meetings of every node that can serve them, for getMeetings. */
    public List<PolledMeeting> servableMeetings() {
        List<PolledMeeting> meetings = new ArrayList<>();
        nodes.values().stream()
                .filter(t -> t.node.state() != NodeState.DISABLED && t.health.online())
                .sorted((a, b) -> a.node.name().compareTo(b.node.name()))
                .forEach(t -> meetings.addAll(t.meetings));
        return meetings;
    }

    private NodeStatus statusOf(Tracked t) {
        return new NodeStatus(t.node, t.health.online(), t.health.suspect(), t.meetings, t.attendees, t.cpu,
                loadOf(t), t.latency.value(), t.health.lastPollAt(), t.health.lastError(), t.version);
    }

    private double loadOf(Tracked t) {
        LoadFormula formula = inventory.cluster(t.node.cluster()).loadFormula();
        double polled = formula.load(t.attendees, t.meetings.size(), t.cpu)
                + formula.attendeeWeight() * t.reservations.seats(System.nanoTime());
        double pending = t.pending.stream().mapToDouble(PendingLoad::load).sum();
        return polled * t.node.loadFactor() + pending;
    }

    private record PendingLoad(long atNanos, double load) {
    }

    private static final class Tracked {
        private volatile Node node;
        private final NodeHealth health;
        private final Ewma latency = new Ewma();
        private final ConcurrentLinkedQueue<PendingLoad> pending = new ConcurrentLinkedQueue<>();
        private final SeatReservations reservations = new SeatReservations();
        private volatile List<PolledMeeting> meetings = List.of();
        private volatile int attendees;
        private volatile int cpu;
        private volatile String version;
        private volatile long polledFromNanos;
        private volatile long lastAnswerNanos = Long.MIN_VALUE;
        private volatile boolean polled;
        private volatile long changedAtNanos = Long.MIN_VALUE;

        Tracked(Node node, NodeHealth health) {
            this.node = node;
            this.health = health;
        }
    }
}
