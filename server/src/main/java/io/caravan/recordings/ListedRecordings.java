package io.caravan.recordings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.caravan.bbb.NodeAnswers;
import io.caravan.inventory.Node;
import org.w3c.dom.Element;

/**
 * A {@code <recording>} of a node's getRecordings answer as the index holds it, its playback and preview URLs
 * pointing at caravan.recordings.playback-host. Read by the poll and by the search for recordIDs the index does not
 * know yet.
 */
final class ListedRecordings {

    private final PlaybackHost playbackHost;

    ListedRecordings(PlaybackHost playbackHost) {
        this.playbackHost = playbackHost;
    }

    /** The recording as listed by this node; empty without a recordID, which nothing could name it by. */
    Optional<IndexedRecording> read(Element recording, Node node) {
        String recordID = NodeAnswers.text(recording, "recordID");
        if (recordID == null || recordID.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Element meta = NodeAnswers.element(recording, "metadata");
        if (meta != null) {
            for (org.w3c.dom.Node n = meta.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    metadata.put(e.getTagName().toLowerCase(Locale.ROOT), e.getTextContent().trim());
                }
            }
        }
        String meetingID = NodeAnswers.text(recording, "meetingID");
        String state = NodeAnswers.text(recording, "state");
        playbackHost.apply(recording);
        return Optional.of(new IndexedRecording(recordID, node.name(), meetingID == null ? "" : meetingID,
                state == null ? "" : state, startTime(recording), Map.copyOf(metadata), NodeAnswers.xml(recording)));
    }

    private static long startTime(Element recording) {
        try {
            String text = NodeAnswers.text(recording, "startTime");
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
