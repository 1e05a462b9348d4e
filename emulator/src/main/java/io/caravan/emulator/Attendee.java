package io.caravan.emulator;

/**
 * One user in an emulated meeting. The emulator has no media, so voice and video flags are always off; only what
 * placement and the status pages look at (who, which role) is modelled.
 *
 * @param externalUserID the join's {@code userID}, or the internal one when none was given (as bbb-web does); it is
 *                       what maxParticipants counts
 */
record Attendee(String userID, String externalUserID, String fullName, Role role) {

    enum Role {
        MODERATOR,
        VIEWER
    }
}
