package io.caravan.nodes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each node's load, meetings and attendees over the last while (caravan.history.window), for the status page's
 * charts. A timer samples the registry every caravan.history.interval (routes/polling.camel.yaml), so what it costs
 * does not grow with the requests: one pass over the nodes' figures the polls already keep, written into fixed
 * arrays per node (a ring: the oldest sample is overwritten). Nothing is kept across restarts or shared between
 * instances; Prometheus is where long history belongs.
 */
public final class NodeHistory {

    private final NodeRegistry registry;
    private final long intervalMillis;
    private final int capacity;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();

    public NodeHistory(NodeRegistry registry, long intervalMillis, long windowMillis) {
        if (intervalMillis < 1 || windowMillis < intervalMillis) {
            throw new IllegalArgumentException("caravan.history.window must be at least caravan.history.interval");
        }
        this.registry = registry;
        this.intervalMillis = intervalMillis;
        this.capacity = (int) Math.min(100_000, windowMillis / intervalMillis + 1);
    }

    /**
     * A node's samples, oldest first: the same index in every array is one sample.
     *
     * @param node      the node's name
     * @param times     when each sample was taken, epoch milliseconds
     * @param load      its placement load
     * @param meetings  meetings at its last poll
     * @param attendees attendees at its last poll
     * @param online    whether it was online
     */
    public record Series(String node, long[] times, double[] load, int[] meetings, int[] attendees,
            boolean[] online) {
    }

    /** Takes one sample of every node now; nodes gone from the registry lose their history. */
    public void sample() {
        long now = System.currentTimeMillis();
        Set<String> present = new HashSet<>();
        for (NodeStatus status : registry.statuses()) {
            String name = status.node().name();
            present.add(name);
            rings.computeIfAbsent(name, n -> new Ring(capacity))
                    .add(now, status.load(), status.meetings().size(), status.attendees(), status.online());
        }
        rings.keySet().retainAll(present);
    }

    /** Every node's samples, by node name. */
    public List<Series> series() {
        List<Series> series = new ArrayList<>();
        rings.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> series.add(entry.getValue().snapshot(entry.getKey())));
        return series;
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    /** Samples kept per node. */
    public int capacity() {
        return capacity;
    }

    private static final class Ring {
        private final long[] times;
        private final double[] load;
        private final int[] meetings;
        private final int[] attendees;
        private final boolean[] online;
        private int next;
        private int size;

        Ring(int capacity) {
            times = new long[capacity];
            load = new double[capacity];
            meetings = new int[capacity];
            attendees = new int[capacity];
            online = new boolean[capacity];
        }

        synchronized void add(long time, double nodeLoad, int nodeMeetings, int nodeAttendees, boolean isOnline) {
            times[next] = time;
            // a node no longer in the inventory has no load (MAX_VALUE): a chart cannot draw that
            load[next] = Double.isFinite(nodeLoad) && nodeLoad < Double.MAX_VALUE ? nodeLoad : 0;
            meetings[next] = nodeMeetings;
            attendees[next] = nodeAttendees;
            online[next] = isOnline;
            next = (next + 1) % times.length;
            size = Math.min(size + 1, times.length);
        }

        synchronized Series snapshot(String node) {
            long[] t = new long[size];
            double[] l = new double[size];
            int[] m = new int[size];
            int[] a = new int[size];
            boolean[] o = new boolean[size];
            int oldest = (next - size + times.length) % times.length;
            for (int i = 0; i < size; i++) {
                int at = (oldest + i) % times.length;
                t[i] = times[at];
                l[i] = load[at];
                m[i] = meetings[at];
                a[i] = attendees[at];
                o[i] = online[at];
            }
            return new Series(node, t, l, m, a, o);
        }
    }
}
