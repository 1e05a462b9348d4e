package io.caravan.placement;
import io.caravan.api.ApiRequestReader;
import io.caravan.bbb.ApiRequest;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * A breakout room created through the API ({@code isBreakout=true&parentMeetingID=...}) must be created on its
 * parent's node: bbb-web looks the parent up among its own meetings (ParamsProcessorUtil) and refuses a breakout
 * whose parent it does not have. The route locates the parent first; {@link Placement} then puts the room there.
 */
public final class BreakoutRooms {


    /** bbb-web reads isBreakout with Boolean.parseBoolean; without a parent there is nothing to follow. */
    public boolean isBreakout(@ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request) {
        return Boolean.parseBoolean(request.param("isBreakout")) && parentMeetingId(request) != null;
    }

    /** The parent as the breakout names it: its internal meeting ID, which the nodes also look meetings up by. */
    public String parentMeetingId(@ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request) {
        String parent = request.param("parentMeetingID");
        return parent == null || parent.isBlank() ? null : parent.trim();
    }
}
