package io.caravan.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One recording an emulated node holds: published or not, with its metadata and text tracks. updateRecordings,
 * publishRecordings and putRecordingTextTrack change it from the event loop while tests read it, so every access is
 * synchronized.
 */
final class EmulatedRecording {

    private final String recordID;
    private final String meetingID;
    private final long startTime;
    private final Map<String, String> metadata;
    /** Text tracks by kind and lang: an upload replaces the track of the same kind and lang, as bbb-web's. */
    private final Map<String, TextTrack> tracks = new LinkedHashMap<>();
    private boolean published;

    /** One caption or subtitle track, as getRecordingTextTracks lists it. */
    record TextTrack(String kind, String lang, String label, String source, String href) {
    }

    EmulatedRecording(String recordID, String meetingID, long startTime, boolean published,
            Map<String, String> metadata) {
        this.recordID = recordID;
        this.meetingID = meetingID;
        this.startTime = startTime;
        this.published = published;
        this.metadata = new LinkedHashMap<>(metadata);
    }

    String recordID() {
        return recordID;
    }

    String meetingID() {
        return meetingID;
    }

    long startTime() {
        return startTime;
    }

    synchronized boolean published() {
        return published;
    }

    synchronized void publish(boolean publish) {
        published = publish;
    }

    synchronized String state() {
        return published ? "published" : "unpublished";
    }

    synchronized Map<String, String> metadata() {
        return new LinkedHashMap<>(metadata);
    }

    synchronized void putTrack(TextTrack track) {
        tracks.put(track.kind() + "_" + track.lang(), track);
    }

    synchronized List<TextTrack> tracks() {
        return List.copyOf(tracks.values());
    }

    /** An empty value removes the key, as bbb-web's updateRecordings does. */
    synchronized void updateMetadata(Map<String, String> changes) {
        changes.forEach((key, value) -> {
            if (value.isEmpty()) {
                metadata.remove(key);
            } else {
                metadata.put(key, value);
            }
        });
    }
}
