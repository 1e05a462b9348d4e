package io.caravan.api;
import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.Checksum;
import io.caravan.inventory.Node;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;

/**
 * A join is answered in one of two ways. The usual one never reaches a node through Caravan: the user's browser is
 * sent to the node's own join URL, with every parameter the client gave and the node's checksum. A join with
 * {@code redirect=false} asks for the session as an XML document instead (integrations that hand the URL to the
 * user themselves): that one is forwarded to the node, whose answer is returned as bbb-web gives it.
 */
public final class JoinRedirect {


    /**
     * Decides {@link ExchangeProperties#JOIN_ANSWERED_BY_NODE}: bbb-web reads redirect with Boolean.parseBoolean, so any value but true
     * (case-insensitive) means false; no redirect parameter means true. A bean step rather than a predicate: Camel
     * evaluates a bean predicate on a copy of the exchange, a cost on every join.
     */
    public void decideAnswer(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request) {
        String redirect = request.param("redirect");
        exchange.setProperty(ExchangeProperties.JOIN_ANSWERED_BY_NODE, redirect != null && !Boolean.parseBoolean(redirect));
    }

    public void redirect(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.NODE) Node node) {
        String query = Checksum.sign(node.checksum(), "join", request.unsignedQuery(), node.secret());
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
        message.setHeader("Location", node.callUrl("join", query));
        message.setBody(null);
    }
}
