package io.caravan.playback;

import java.util.List;

/**
 * A playback request answered with a redirect: a recording's directory to its slash (301), a redeemed one-time link
 * to the same URL without its token with the cookies that grant the recording (302), or a file in object storage to
 * its short-lived URL (302).
 *
 * @param status   301 or 302
 * @param location where to
 * @param cookies  Set-Cookie values; empty when none
 */
public record PlaybackRedirect(int status, String location, List<String> cookies) {

    public PlaybackRedirect {
        cookies = List.copyOf(cookies);
    }
}
