package io.caravan.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class InternalMeetingIdsTest {

    /** bbb-web's internal meeting ID: sha1 of the meetingID, a dash, the create time. */
    private static String internal(String meetingId, long createTime) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(meetingId.getBytes(StandardCharsets.UTF_8))) + "-" + createTime;
    }

    @Test
    void aMeetingIdIsKnownFromAnEventThatGaveBothOrFromThePolls() throws Exception {
        List<String> polled = new ArrayList<>();
        InternalMeetingIds ids = new InternalMeetingIds(() -> polled);
        ids.remember(internal("acme~a", 1), "acme~a");
        assertEquals("acme~a", ids.meetingId(internal("acme~a", 1)));
        assertEquals("acme~a", ids.meetingId(internal("acme~a", 2)), "the same meeting created again");
        assertNull(ids.meetingId(internal("acme~b", 1)), "neither an event nor a poll has shown it");
        polled.add("acme~b");
        assertEquals("acme~b", ids.meetingId(internal("acme~b", 1)));
        assertNull(ids.meetingId("not-an-internal-id"));
        assertNull(ids.meetingId(null));
    }
}
