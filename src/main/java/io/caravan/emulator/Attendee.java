package io.caravan.emulator;

/**
 * One user in an emulated meeting. The emulator has no media, so voice and video flags are always off; only what
 * placement and the status pages look at (who, which role) is modelled.
 */
record Attendee(String userID, String fullName, Role role) {

    enum Role {
        MODERATOR,
        VIEWER
    }
}
