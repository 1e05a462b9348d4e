package io.caravan.placement;

import io.caravan.bbb.ApiRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many attendees a new meeting expects, as its create tells: {@code meta_bbb-meeting-size-hint} (BBBLB's
 * metadata, which front ends such as Greenlight can send), else {@code maxParticipants}. A hint above a positive
 * maxParticipants is lowered to it: the meeting cannot hold more. A hint of 0 says "expect nothing", so an operator
 * can stop maxParticipants from reserving seats with a rule defaulting the hint to 0. A value that is not a whole
 * number of at least 0 is ignored, as bbb-web ignores metadata it does not know; maxParticipants 0 is bbb-web's "no
 * limit" and says nothing about the size.
 *
 * @param seats the attendees expected, 0 when the create does not say
 */
public record MeetingSize(int seats) {

    /** The create parameter carrying the expected size, as BBBLB reads it. */
    public static final String HINT_PARAM = "meta_bbb-meeting-size-hint";

    public static final MeetingSize UNKNOWN = new MeetingSize(0);

    private static final Logger LOG = LoggerFactory.getLogger(MeetingSize.class);

    public static MeetingSize of(ApiRequest request) {
        if (request == null) {
            return UNKNOWN;
        }
        int hint = count(request, HINT_PARAM);
        int maxParticipants = count(request, "maxParticipants");
        if (hint < 0) {
            return new MeetingSize(Math.max(0, maxParticipants));
        }
        return new MeetingSize(maxParticipants > 0 ? Math.min(hint, maxParticipants) : hint);
    }

    /** The parameter as a count; -1 when absent or not a whole number of at least 0. */
    private static int count(ApiRequest request, String name) {
        String value = request.param(name);
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // below
        }
        LOG.debug("ignored {}={} of meeting {}: not a whole number of at least 0", name, value, request.meetingId());
        return -1;
    }
}
