package io.caravan.catalog;

/**
 * A recording a delete removed from the catalog: what an audit log line names.
 *
 * @param recordId  its recordID
 * @param meetingId its meetingID
 * @param tenant    its tenant; null for none
 */
public record DeletedRecording(String recordId, String meetingId, String tenant) {
}
