package io.caravan.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Serves the live status page. The page is a static shell: it shows nothing until the operator gives the admin
 * token, and then reads and changes everything through the admin API with that token.
 */
public final class StatusPage {

    private final byte[] html;

    public StatusPage() {
        try (InputStream in = StatusPage.class.getResourceAsStream("/status/index.html")) {
            if (in == null) {
                throw new IllegalStateException("status page missing from the jar");
            }
            this.html = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void page(Exchange exchange) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.CONTENT_TYPE, "text/html;charset=utf-8");
        // the page loads no third-party code and may not be framed by another site
        message.setHeader("Content-Security-Policy",
                "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        message.setHeader("X-Frame-Options", "DENY");
        message.setBody(html);
    }
}
