package io.caravan.bbb;

/**
 * One meeting as a node reported it in getMeetings.
 *
 * @param meetingId    the client's meetingID
 * @param attendees    participantCount
 * @param listeners    listenerCount
 * @param voice        voiceParticipantCount
 * @param video        videoCount
 * @param moderators   moderatorCount
 * @param xml          the node's {@code <meeting>} element, serialized, for Caravan's own getMeetings answer
 */
public record PolledMeeting(String meetingId, int attendees, int listeners, int voice, int video, int moderators,
        String xml) {
}
