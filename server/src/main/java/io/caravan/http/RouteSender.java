package io.caravan.http;

import java.util.function.Consumer;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * Sends new exchanges to one route of Caravan's (a {@code direct:} endpoint) through Camel's asynchronous routing
 * engine: the caller does not wait, and no thread of a ProducerTemplate pool is held while the route waits on a
 * node. Used where Java starts route work on its own: lookups fanned out to the nodes, polls asked for at once.
 */
public final class RouteSender {

    private final CamelContext context;
    private final String uri;
    private volatile AsyncProducer producer;

    public RouteSender(CamelContext context, String uri) {
        this.context = context;
        this.uri = uri;
    }

    /** Sends an exchange prepared by {@code prepare}; {@code done} gets it back when the route has ended. */
    public void send(Consumer<Exchange> prepare, Consumer<Exchange> done) {
        Exchange exchange = new DefaultExchange(context);
        prepare.accept(exchange);
        producer().process(exchange, doneSync -> done.accept(exchange));
    }

    private AsyncProducer producer() {
        AsyncProducer current = producer;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (producer == null) {
                try {
                    AsyncProducer created = context.getEndpoint(uri).createAsyncProducer();
                    created.start();
                    producer = created;
                } catch (Exception e) {
                    throw new IllegalStateException("cannot send to " + uri, e);
                }
            }
            return producer;
        }
    }
}
