package io.caravan.recordings;

import java.util.Map;

/**
 * One recording as the last poll of its node listed it.
 *
 * @param recordID  the recording's ID
 * @param nodeName  the node that has it
 * @param meetingID the meetingID as the node knows it (namespaced for tenants)
 * @param state     published, unpublished, processing, ...
 * @param metadata  its metadata, for meta_ filters
 * @param xml       the node's {@code <recording>} element, passed to clients as is
 */
public record IndexedRecording(String recordID, String nodeName, String meetingID, String state,
        Map<String, String> metadata, String xml) {
}
