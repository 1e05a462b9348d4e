package io.caravan.voice;

import io.caravan.routes.ExchangeProperties;
import io.vertx.core.MultiMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Reads FreeSWITCH's lookup (an application/x-www-form-urlencoded POST) into {@link ExchangeProperties#DIALPLAN_REQUEST}
 * and drops every header, as platform-http would echo them in the answer.
 */
public final class DialplanRequests {

    public void read(Exchange exchange) {
        Message in = exchange.getMessage();
        MultiMap form = in instanceof HttpMessage http ? http.getRequest().formAttributes() : MultiMap.caseInsensitiveMultiMap();
        String destination = field(form, "Caller-Destination-Number");
        if (destination == null) {
            // the same number as a channel variable, which some FreeSWITCH versions send alone
            destination = field(form, "variable_destination_number");
        }
        exchange.setProperty(ExchangeProperties.DIALPLAN_REQUEST,
                new DialplanRequest(field(form, "section"), destination, field(form, "variable_pin"),
                        field(form, "Caller-Context")));
        in.getHeaders().clear();
        in.setBody(null);
    }

    private static String field(MultiMap form, String name) {
        String value = form.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
