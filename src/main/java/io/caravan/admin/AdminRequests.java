package io.caravan.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import io.caravan.bbb.QueryParams;
import io.caravan.bbb.RequestPath;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Captures an admin request into exchange properties and drops every message header: platform-http copies headers
 * into the response, and the request's headers include the admin token.
 */
public final class AdminRequests {

    public static final String METHOD = ExchangeProperties.ADMIN_METHOD;
    public static final String NAME = ExchangeProperties.ADMIN_NAME;
    public static final String ACTION = ExchangeProperties.ADMIN_ACTION;
    public static final String MEETING_ID = ExchangeProperties.ADMIN_MEETING_ID;
    public static final String NODE_FILTER = ExchangeProperties.ADMIN_NODE_FILTER;
    public static final String FORCE = ExchangeProperties.ADMIN_FORCE;
    public static final String BODY = ExchangeProperties.ADMIN_BODY;
    /** The query parameters, first value of each (a Map). */
    public static final String QUERY = ExchangeProperties.ADMIN_QUERY;

    public void read(Exchange exchange) {
        Message in = exchange.getMessage();
        exchange.setProperty(METHOD, in.getHeader(Exchange.HTTP_METHOD, "GET", String.class));
        // /admin/api/nodes/{name}/{action}, /admin/api/tenants/{name} and /admin/api/meetings/{meetingID}/end, read from the path itself
        String collection = RequestPath.segment(in, 2);
        if ("nodes".equals(collection) || "tenants".equals(collection)) {
            exchange.setProperty(NAME, RequestPath.segment(in, 3));
            exchange.setProperty(ACTION, RequestPath.segment(in, 4));
        } else if ("meetings".equals(collection)) {
            exchange.setProperty(MEETING_ID, RequestPath.segment(in, 3));
        }
        exchange.setProperty(NODE_FILTER, in.getHeader("node", String.class));
        exchange.setProperty(FORCE, "true".equalsIgnoreCase(in.getHeader("force", "", String.class)));
        exchange.setProperty(BODY, in.getBody() == null ? "" : in.getBody(String.class));
        Map<String, String> query = new LinkedHashMap<>();
        QueryParams.decode(in.getHeader(Exchange.HTTP_QUERY, "", String.class))
                .forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
        exchange.setProperty(QUERY, query);
        in.getHeaders().clear();
        in.setBody(null);
    }
}
