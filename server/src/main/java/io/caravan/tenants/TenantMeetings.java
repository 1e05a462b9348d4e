package io.caravan.tenants;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.caravan.api.ApiRequestReader;
import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.QueryParams;
import io.caravan.inventory.Tenant;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;

/**
 * Keeps tenants apart on shared nodes: a tenant's meetingID travels to the nodes as {@code <tenant>~<meetingID>},
 * so two tenants may use one meetingID at once and the meeting directory never mixes them up. Only the meetingID
 * parameter is rewritten (the call is re-signed for the node anyway), and the node's answers get the client's
 * meetingID back. Without tenants nothing is touched.
 */
public final class TenantMeetings {

    private static final String MEETING_ID = "meetingID";
    private static final String OPEN = "<meetingID>";
    private static final String OPEN_CDATA = "<meetingID><![CDATA[";

    /** After the checksum is verified: the request as the tenant's nodes must see it. */
    public void toNodes(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant) {
        if (tenant == null || request.meetingId() == null) {
            return;
        }
        Map<String, List<String>> params = new LinkedHashMap<>(request.params());
        params.put(MEETING_ID, new ArrayList<>(request.params().get(MEETING_ID).stream()
                .map(tenant::nodeMeetingId).toList()));
        byte[] body = request.body();
        if (body != null && isForm(request.contentType())) {
            body = QueryParams.rewrite(new String(body, StandardCharsets.UTF_8), MEETING_ID, tenant::nodeMeetingId)
                    .getBytes(StandardCharsets.UTF_8);
        }
        ApiRequest namespaced = request.withParameters(
                QueryParams.rewrite(request.rawQuery(), MEETING_ID, tenant::nodeMeetingId), params, body);
        exchange.setProperty(ExchangeProperties.API_REQUEST, namespaced);
        exchange.setProperty(ExchangeProperties.MEETING_ID, namespaced.meetingId());
    }

    /** Before answering: the node's answer with the tenant's own meetingIDs. */
    public void toClient(Exchange exchange, @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant) {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        if (tenant == null || body == null) {
            return;
        }
        String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : message.getBody(String.class);
        if (text == null || !text.contains(tenant.namespace())) {
            return;
        }
        String plain = text.replace(OPEN + tenant.namespace(), OPEN)
                .replace(OPEN_CDATA + tenant.namespace(), OPEN_CDATA);
        message.setBody(body instanceof byte[] ? plain.getBytes(StandardCharsets.UTF_8) : plain);
    }

    private static boolean isForm(String contentType) {
        return contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded");
    }
}
