package io.caravan.emulator;

/**
 * What bbb-web keeps per successful join (its UserSession): getSessions lists these and getJoinUrl starts from one.
 * Every join that gets past validation and role resolution makes one, waiting and denied guests included.
 */
record UserSession(String sessionToken, String internalUserID, String externalUserID, String fullName,
        Attendee.Role role, String internalMeetingID, String externalMeetingID, String meetingName,
        String guestStatus, long createdNanos) {
}
