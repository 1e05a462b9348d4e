package io.caravan.recordings;

import java.util.Comparator;
import java.util.Map;

/**
 * One recording as the last poll of its node listed it.
 *
 * @param recordID  the recording's ID
 * @param nodeName  the node that has it
 * @param meetingID the meetingID as the node knows it (namespaced for tenants)
 * @param state     published, unpublished, processing, ...
 * @param startTime its startTime (epoch milliseconds; 0 when the node gave none)
 * @param metadata  its metadata, for meta_ filters
 * @param xml       the node's {@code <recording>} element as clients get it (playback host applied)
 */
public record IndexedRecording(String recordID, String nodeName, String meetingID, String state, long startTime,
        Map<String, String> metadata, String xml) {

    /**
     * The order of getRecordings answers: oldest first, then by recordID. bbb-web itself promises no order: its
     * file-based RecordingService gathers recordIDs in a HashSet and RecMetaXmlHelper.getRecordings2x groups them in
     * a mutable HashMap before writing the XML, so a node lists its recordings in hash order, and offset/limit pages
     * follow that order. Across nodes only a defined order makes pages stable (no recording on two pages or on
     * none while the list does not change), and start time is the order people expect.
     */
    public static final Comparator<IndexedRecording> ORDER = Comparator.comparingLong(IndexedRecording::startTime)
            .thenComparing(IndexedRecording::recordID);
}
