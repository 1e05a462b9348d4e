package io.caravan.bbb;

import io.caravan.nodes.Node;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;

/**
 * join never reaches a node through Caravan: the user's browser is sent to the node's own join URL, with every
 * parameter the client gave (redirect=false included) and the node's checksum.
 */
public final class JoinRedirect {

    public void redirect(Exchange exchange, @ExchangeProperty(ApiRequestReader.PROPERTY) ApiRequest request,
            @ExchangeProperty("node") Node node) {
        String query = Checksum.sign(node.checksum(), "join", request.unsignedQuery(), node.secret());
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
        message.setHeader("Location", node.callUrl("join", query));
        message.setBody(null);
    }
}
