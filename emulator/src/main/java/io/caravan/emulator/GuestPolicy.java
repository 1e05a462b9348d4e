package io.caravan.emulator;

import java.util.Locale;

/**
 * The guest policy a meeting is created with, and the guest status bbb-web gives a joining user under it
 * (Meeting.calcGuestStatus with bbb-web's default {@code authenticatedGuest=true}).
 */
enum GuestPolicy {
    ALWAYS_ACCEPT,
    ALWAYS_DENY,
    ASK_MODERATOR,
    ALWAYS_ACCEPT_AUTH;

    /** bigbluebutton.properties' defaultGuestPolicy; an unknown value in create falls back to it as well. */
    static GuestPolicy of(String value) {
        if (value != null) {
            for (GuestPolicy policy : values()) {
                if (policy.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
                    return policy;
                }
            }
        }
        return ALWAYS_ACCEPT;
    }

    /**
     * ALLOW, WAIT or DENY for one join.
     *
     * @param guestParam the join's {@code guest} parameter, null when absent
     * @param authParam  the join's {@code auth} parameter, null when absent
     */
    String statusFor(Attendee.Role role, String guestParam, String authParam) {
        boolean guestGiven = guestParam != null && !guestParam.isEmpty();
        boolean guest = guestGiven && Boolean.parseBoolean(guestParam);
        // without a guest parameter bbb-web takes the user as authenticated
        boolean authenticated = !guestGiven;
        if (authParam != null && !authParam.isEmpty()) {
            authenticated = Boolean.parseBoolean(authParam);
        }
        if (role == Attendee.Role.MODERATOR || (guestGiven && !guest)) {
            return "ALLOW";
        }
        return switch (this) {
            case ALWAYS_ACCEPT -> "ALLOW";
            case ALWAYS_DENY -> "DENY";
            case ASK_MODERATOR -> guest || authenticated ? "WAIT" : "ALLOW";
            case ALWAYS_ACCEPT_AUTH -> guest ? "WAIT" : "ALLOW";
        };
    }
}
