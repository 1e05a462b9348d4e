package io.caravan.recordings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.caravan.inventory.Node;

/**
 * One node's recordings poll in progress: getRecordings?state=any asked page by page (offset, limit) and the
 * recordings gathered so far. A node that does not page (bbb-web before 2.6 ignores offset and limit and lists
 * everything) is recognised by its answer and asked only once. Used by one exchange at a time.
 */
final class RecordingsPoll {

    /** A bound on pages, against a node whose totalElements never stops growing: 100,000 recordings at 100. */
    private static final int MAX_PAGES = 1000;

    private final Node node;
    private final int pageSize;
    private final Map<String, IndexedRecording> listed = new LinkedHashMap<>();
    private int offset;
    private int pages;
    private String previousFirst;
    private boolean done;

    RecordingsPoll(Node node, int pageSize) {
        this.node = node;
        this.pageSize = pageSize;
    }

    Node node() {
        return node;
    }

    int offset() {
        return offset;
    }

    int pageSize() {
        return pageSize;
    }

    boolean done() {
        return done;
    }

    /**
     * Adds one page and decides whether another is needed.
     *
     * @param page          the page's recordings
     * @param totalElements bbb-web 2.6+'s count over all pages, null from a node that does not page
     */
    void add(List<IndexedRecording> page, Long totalElements) {
        pages++;
        page.forEach(r -> listed.put(r.recordID(), r));
        String first = page.isEmpty() ? null : page.get(0).recordID();
        if (totalElements == null          // no paging: the node listed everything at once
                || page.size() > pageSize  // it ignored limit, so it listed everything
                || page.isEmpty()
                || (first != null && first.equals(previousFirst)) // it ignored offset: the same page again
                || pages >= MAX_PAGES) {
            done = true;
            return;
        }
        previousFirst = first;
        offset += page.size();
        done = offset >= totalElements;
    }

    List<IndexedRecording> recordings() {
        return List.copyOf(listed.values());
    }
}
