package io.caravan.callbacks;

import io.caravan.bbb.NodeHttpBinding;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import org.apache.camel.Exchange;
import org.apache.camel.component.vertx.http.DefaultVertxHttpBinding;
import org.apache.camel.component.vertx.http.VertxHttpEndpoint;

/** Sends the {@link CallbackDelivery} of the exchange to the client's URL exactly as written, with its timeout. */
public final class CallbackHttpBinding extends DefaultVertxHttpBinding {

    private final WebClient client;

    public CallbackHttpBinding(WebClient client) {
        this.client = client;
    }

    @Override
    public HttpRequest<Buffer> prepareHttpRequest(VertxHttpEndpoint endpoint, Exchange exchange) {
        CallbackDelivery delivery = exchange.getProperty(CallbackDelivery.PROPERTY, CallbackDelivery.class);
        if (delivery == null) {
            throw new IllegalStateException("no " + CallbackDelivery.PROPERTY + " on the exchange");
        }
        HttpRequest<Buffer> request = client.request(HttpMethod.valueOf(delivery.method()),
                NodeHttpBinding.target(delivery.url()));
        request.timeout(delivery.timeoutMillis());
        if (delivery.contentType() != null) {
            request.putHeader("Content-Type", delivery.contentType());
        }
        if (delivery.authorization() != null) {
            request.putHeader("Authorization", delivery.authorization());
        }
        return request;
    }
}
