package io.caravan.placement;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.ApiRequestReader;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * A breakout room created through the API ({@code isBreakout=true&parentMeetingID=...}) must be created on its
 * parent's node: bbb-web looks the parent up among its own meetings (ParamsProcessorUtil) and refuses a breakout
 * whose parent it does not have. The route locates the parent first; {@link Placement} then puts the room there.
 */
public final class BreakoutRooms {

    /** Exchange property: true on the create of a breakout room whose parent was looked for. */
    public static final String BREAKOUT = ExchangeProperties.BREAKOUT_ROOM;
    /** Exchange property: the node of the breakout's parent meeting, absent when no node has it. */
    public static final String PARENT_NODE = ExchangeProperties.PARENT_NODE;

    /** bbb-web reads isBreakout with Boolean.parseBoolean; without a parent there is nothing to follow. */
    public boolean isBreakout(@ExchangeProperty(ApiRequestReader.PROPERTY) ApiRequest request) {
        return Boolean.parseBoolean(request.param("isBreakout")) && parentMeetingId(request) != null;
    }

    /** The parent as the breakout names it: its internal meeting ID, which the nodes also look meetings up by. */
    public String parentMeetingId(@ExchangeProperty(ApiRequestReader.PROPERTY) ApiRequest request) {
        String parent = request.param("parentMeetingID");
        return parent == null || parent.isBlank() ? null : parent.trim();
    }
}
