package io.caravan.http;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Camel's HTTP header filter, except that a route may set Cache-Control on its answer: Camel drops it as a hop
 * header, but bbb-web sends {@code Cache-Control: no-cache} with every API answer and clients and proxies rely on it.
 */
final class AnswerHeaders implements HeaderFilterStrategy {

    private static final String CACHE_CONTROL = "Cache-Control";

    private final HeaderFilterStrategy camel;

    AnswerHeaders(HeaderFilterStrategy camel) {
        this.camel = camel;
    }

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !CACHE_CONTROL.equalsIgnoreCase(headerName) && camel.applyFilterToCamelHeaders(headerName, headerValue,
                exchange);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return camel.applyFilterToExternalHeaders(headerName, headerValue, exchange);
    }
}
