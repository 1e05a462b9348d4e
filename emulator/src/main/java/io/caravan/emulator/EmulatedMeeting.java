package io.caravan.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final GuestPolicy guestPolicy;
    private final Set<String> disabledFeatures;
    private final boolean allowRequestsWithoutSession;
    private final List<Attendee> attendees = new ArrayList<>();

    /** What create decided beyond the meeting's identity: who may join how, and what is switched off. */
    /**
     * @param parentMeetingID a breakout room's parent (its internal meeting ID), null for a meeting of its own
     */
    record Options(GuestPolicy guestPolicy, Set<String> disabledFeatures, boolean allowRequestsWithoutSession,
            String parentMeetingID) {

        static final Options DEFAULTS = new Options(GuestPolicy.ALWAYS_ACCEPT, Set.of(), false, null);

        Options {
            disabledFeatures = Set.copyOf(disabledFeatures);
        }
    }

    EmulatedMeeting(String meetingID, String internalMeetingID, String name, String attendeePW, String moderatorPW,
            long createTime, String createDate, String voiceBridge, String dialNumber, boolean recording,
            int maxUsers, int duration, Map<String, String> metadata, Options options) {
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
        this.guestPolicy = options.guestPolicy();
        this.disabledFeatures = options.disabledFeatures();
        this.allowRequestsWithoutSession = options.allowRequestsWithoutSession();
        this.parentMeetingID = options.parentMeetingID();
    }

    /** The parent's internal meeting ID of a breakout room, null for a meeting of its own. */
    String parentMeetingID() {
        return parentMeetingID;
    }

    private final String parentMeetingID;

    GuestPolicy guestPolicy() {
        return guestPolicy;
    }

    /** create's disabledFeatures, e.g. "presentation", which makes insertDocument refuse. */
    boolean isDisabled(String feature) {
        return disabledFeatures.contains(feature);
    }

    boolean allowRequestsWithoutSession() {
        return allowRequestsWithoutSession;
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

    /**
     * Joins attendee unless the meeting is full in bbb-web's sense: maxUsers above 0 and as many distinct external
     * user IDs joined already, the attendee's own ID not among them. Decided under the lock, so racing joins never
     * overfill a meeting.
     */
    synchronized boolean joinUnlessFull(Attendee attendee) {
        if (isFullFor(attendee.externalUserID())) {
            return false;
        }
        attendees.add(attendee);
        return true;
    }

    /** Whether join would refuse this external user ID as one too many (see {@link #joinUnlessFull}). */
    synchronized boolean isFullFor(String externalUserID) {
        if (maxUsers <= 0) {
            return false;
        }
        boolean rejoin = attendees.stream().anyMatch(a -> a.externalUserID().equals(externalUserID));
        return !rejoin && attendees.stream().map(Attendee::externalUserID).distinct().count() >= maxUsers;
    }
}
