package io.caravan.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A meeting as the emulated node holds it: what {@code create} fixed (immutable) and the attendees who joined since.
 * Attendees never leave on their own, so a meeting stays running from its first join until {@code end}; that keeps
 * load figures stable for placement tests, where real BBB would fluctuate.
 */
final class EmulatedMeeting {

    private final String meetingID;
    private final String internalMeetingID;
    private final String name;
    private final String attendeePW;
    private final String moderatorPW;
    private final long createTime;
    private final String createDate;
    private final String voiceBridge;
    private final String dialNumber;
    private final boolean recording;
    private final int maxUsers;
    private final int duration;
    private final Map<String, String> metadata;
    private final List<Attendee> attendees = new ArrayList<>();

    EmulatedMeeting(String meetingID, String internalMeetingID, String name, String attendeePW, String moderatorPW,
            long createTime, String createDate, String voiceBridge, String dialNumber, boolean recording,
            int maxUsers, int duration, Map<String, String> metadata) {
        this.meetingID = meetingID;
        this.internalMeetingID = internalMeetingID;
        this.name = name;
        this.attendeePW = attendeePW;
        this.moderatorPW = moderatorPW;
        this.createTime = createTime;
        this.createDate = createDate;
        this.voiceBridge = voiceBridge;
        this.dialNumber = dialNumber;
        this.recording = recording;
        this.maxUsers = maxUsers;
        this.duration = duration;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    String meetingID() {
        return meetingID;
    }

    String internalMeetingID() {
        return internalMeetingID;
    }

    String name() {
        return name;
    }

    String attendeePW() {
        return attendeePW;
    }

    String moderatorPW() {
        return moderatorPW;
    }

    long createTime() {
        return createTime;
    }

    String createDate() {
        return createDate;
    }

    String voiceBridge() {
        return voiceBridge;
    }

    String dialNumber() {
        return dialNumber;
    }

    boolean recording() {
        return recording;
    }

    int maxUsers() {
        return maxUsers;
    }

    int duration() {
        return duration;
    }

    /** Metadata keys in the order they were given, already lower-cased as bbb-web stores them. */
    Map<String, String> metadata() {
        return metadata;
    }

    synchronized void join(Attendee attendee) {
        attendees.add(attendee);
    }

    /**
     * A copy taken under the lock: one response derives running, counts and the attendee list from the same copy, so
     * they never contradict each other while joins race with polls.
     */
    synchronized List<Attendee> attendees() {
        return List.copyOf(attendees);
    }

    synchronized int attendeeCount() {
        return attendees.size();
    }
}
