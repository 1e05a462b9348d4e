package io.caravan.bbb;

/**
 * One meeting as a node reported it in getMeetings.
 *
 * @param meetingId    the client's meetingID
 * @param meetingName  meetingName (empty when the node did not say)
 * @param running      whether anyone has joined it yet
 * @param attendees    participantCount
 * @param listeners    listenerCount
 * @param voice        voiceParticipantCount
 * @param video        videoCount
 * @param moderators   moderatorCount
 * @param xml          the node's {@code <meeting>} element, serialized, for Caravan's own getMeetings answer
 */
public record PolledMeeting(String meetingId, String meetingName, boolean running, int attendees, int listeners, int voice, int video, int moderators,
        String xml) {
}
