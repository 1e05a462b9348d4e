package io.caravan.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Logs refused requests in one line each, at most once per kind of refusal every {@link #INTERVAL_NANOS}, with how
 * many were left out: whoever sends a thousand broken requests a second must not write a thousand lines a second.
 * No stack trace: the refusal is the client's doing (at DEBUG, the failure's stack trace is logged for each).
 */
public final class RefusalLog {

    static final long INTERVAL_NANOS = 10_000_000_000L;
    /** Kinds are few (one per reason), but a failure's class names one; this bounds the map whatever comes. */
    private static final int MAX_KINDS = 200;

    private final Logger log;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RefusalLog(Logger log) {
        this.log = log;
    }

    /**
     * @param kind   what was wrong, the same text for every request refused for the same reason
     * @param detail what tells this request apart (remote address, the failure), already sanitized
     */
    public void refused(int status, String kind, String detail, Throwable failure) {
        if (failure != null && log.isDebugEnabled()) {
            log.debug("refused ({}) {}: {}", status, kind, detail, failure);
            return;
        }
        if (windows.size() >= MAX_KINDS && !windows.containsKey(kind)) {
            kind = "other";
        }
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long now = System.nanoTime();
        long opened = window.opened.get();
        if (opened != 0 && now - opened < INTERVAL_NANOS || !window.opened.compareAndSet(opened, now)) {
            window.suppressed.incrementAndGet();
            return;
        }
        long suppressed = window.suppressed.getAndSet(0);
        if (suppressed > 0) {
            log.info("refused a request ({}) {}: {} ({} more refused for this in the last 10 s not logged)", status,
                    kind, detail, suppressed);
        } else {
            log.info("refused a request ({}) {}: {}", status, kind, detail);
        }
    }

    /** Text of the request's own for a log line: printable ASCII only, and short. */
    public static String sanitize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), 160));
        for (int i = 0; i < text.length() && clean.length() < 160; i++) {
            char c = text.charAt(i);
            clean.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (text.length() > clean.length()) {
            clean.append("...");
        }
        return clean.toString();
    }

    private static final class Window {
        private final AtomicLong opened = new AtomicLong();
        private final AtomicLong suppressed = new AtomicLong();
    }
}
