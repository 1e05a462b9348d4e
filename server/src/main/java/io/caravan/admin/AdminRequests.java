package io.caravan.admin;
import java.util.LinkedHashMap;
import java.util.Map;

import io.caravan.api.RequestPath;
import io.caravan.bbb.QueryParams;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Captures an admin request into exchange properties and drops every message header: platform-http copies headers
 * into the response, and the request's headers include the admin token.
 */
public final class AdminRequests {


    public void read(Exchange exchange) {
        Message in = exchange.getMessage();
        exchange.setProperty(ExchangeProperties.ADMIN_METHOD, in.getHeader(Exchange.HTTP_METHOD, "GET", String.class));
        // /admin/api/nodes/{name}/{action}, /admin/api/tenants/{name} and /admin/api/meetings/{meetingID}/end, read from the path itself
        String collection = RequestPath.segment(in, 2);
        if ("nodes".equals(collection) || "tenants".equals(collection)) {
            exchange.setProperty(ExchangeProperties.ADMIN_NAME, RequestPath.segment(in, 3));
            exchange.setProperty(ExchangeProperties.ADMIN_ACTION, RequestPath.segment(in, 4));
            exchange.setProperty(ExchangeProperties.ADMIN_WINDOW, RequestPath.segment(in, 5));
        } else if ("meetings".equals(collection)) {
            exchange.setProperty(ExchangeProperties.ADMIN_MEETING_ID, RequestPath.segment(in, 3));
        }
        exchange.setProperty(ExchangeProperties.ADMIN_NODE_FILTER, in.getHeader("node", String.class));
        exchange.setProperty(ExchangeProperties.ADMIN_FORCE, "true".equalsIgnoreCase(in.getHeader("force", "", String.class)));
        exchange.setProperty(ExchangeProperties.ADMIN_BODY, in.getBody() == null ? "" : in.getBody(String.class));
        Map<String, String> query = new LinkedHashMap<>();
        QueryParams.decode(in.getHeader(Exchange.HTTP_QUERY, "", String.class))
                .forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
        exchange.setProperty(ExchangeProperties.ADMIN_QUERY, query);
        in.getHeaders().clear();
        in.setBody(null);
    }
}
