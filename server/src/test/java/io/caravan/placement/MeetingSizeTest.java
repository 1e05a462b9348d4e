package io.caravan.placement;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.QueryParams;
import org.junit.jupiter.api.Test;

/** The attendees a create expects: the size hint, else maxParticipants; nonsense says nothing. */
class MeetingSizeTest {

    private static int seats(String query) {
        return MeetingSize.of(new ApiRequest("create", "GET", query, QueryParams.decode(query), null, null)).seats();
    }

    @Test
    void theSizeHintSaysHowManyAttendeesToExpect() {
        assertEquals(300, seats("meetingID=m&meta_bbb-meeting-size-hint=300"));
        assertEquals(300, seats("meetingID=m&meta_bbb-meeting-size-hint=%20300%20"));
        assertEquals(0, seats("meetingID=m"));
    }

    @Test
    void maxParticipantsStandsInForAMissingHintAndBoundsAGivenOne() {
        assertEquals(80, seats("meetingID=m&maxParticipants=80"));
        assertEquals(80, seats("meetingID=m&maxParticipants=80&meta_bbb-meeting-size-hint=500"));
        assertEquals(40, seats("meetingID=m&maxParticipants=80&meta_bbb-meeting-size-hint=40"));
        assertEquals(500, seats("meetingID=m&maxParticipants=0&meta_bbb-meeting-size-hint=500"),
                "maxParticipants 0 is bbb-web's no limit");
        assertEquals(0, seats("meetingID=m&maxParticipants=80&meta_bbb-meeting-size-hint=0"),
                "a hint of 0 expects nobody, whatever maxParticipants allows");
    }

    @Test
    void aHintThatIsNotACountIsIgnored() {
        for (String bad : new String[] {"lots", "-5", "2.5", "", "99999999999"}) {
            assertEquals(0, seats("meetingID=m&meta_bbb-meeting-size-hint=" + bad), bad);
            assertEquals(60, seats("meetingID=m&maxParticipants=60&meta_bbb-meeting-size-hint=" + bad), bad);
        }
        assertEquals(0, seats("meetingID=m&maxParticipants=many"));
    }
}
