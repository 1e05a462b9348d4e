package io.caravan.recordings;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The latest recording imports of this instance, whatever brought them (a node's upload, the spool directory, an
 * operator's import), for the admin API, the CLI and the status page; and their counts as metrics
 * ({@code caravan_recording_imports_total{source,outcome}}, {@code caravan_recording_import_bytes_total}). An import
 * refused before its recordID was known (a corrupt archive) is only here: the catalog keeps recordings, not
 * failures of archives.
 */
public final class ImportLog {

    /** How many imports are remembered: enough to see a pattern, bounded so bad traffic cannot grow it. */
    static final int KEPT = 200;

    /**
     * One import.
     *
     * @param time     when it ended
     * @param source   upload, spool or admin
     * @param from     the node that sent it, the spool file, or the operator's file name
     * @param recordId its recordID; null when the archive was refused before it was known
     * @param tenant   its tenant; null for none or unknown
     * @param outcome  imported or failed
     * @param reason   why it failed; null when imported
     * @param bytes    the bytes stored
     */
    public record Entry(Instant time, String source, String from, String recordId, String tenant, String outcome,
            String reason, long bytes) {
    }

    private final Deque<Entry> latest = new ArrayDeque<>();
    private final Clock clock;
    private final MeterRegistry meters;

    public ImportLog(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.meters = meters;
    }

    void imported(String source, String from, String recordId, String tenant, long bytes) {
        add(new Entry(clock.instant(), source, from, recordId, tenant, "imported", null, bytes));
        Counter.builder("caravan.recording.import.bytes").description("Bytes of recordings imported into storage")
                .tag("source", source).register(meters).increment(bytes);
    }

    void failed(String source, String from, String recordId, String reason) {
        add(new Entry(clock.instant(), source, from, recordId, null, "failed", reason, 0));
    }

    private void add(Entry entry) {
        Counter.builder("caravan.recording.imports").description("Recording imports by source and outcome")
                .tag("source", entry.source()).tag("outcome", entry.outcome()).register(meters).increment();
        synchronized (latest) {
            latest.addFirst(entry);
            while (latest.size() > KEPT) {
                latest.removeLast();
            }
        }
    }

    /** The latest imports, newest first. */
    public List<Entry> latest() {
        synchronized (latest) {
            return List.copyOf(latest);
        }
    }
}
