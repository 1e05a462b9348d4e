package io.caravan.ops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.caravan.api.ApiResponses;
import io.caravan.routes.ExchangeProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ApiMetrics on its own, against a Prometheus registry like the one /metrics serves. */
class ApiMetricsTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final MeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ApiMetrics metrics = new ApiMetrics(meters);

    @AfterEach
    void close() throws Exception {
        camel.close();
        meters.close();
    }

    @Test
    void eachSeriesIsRegisteredOnceAndCountsEveryCall() {
        answer("join", 302, null);
        assertEquals(2, meters.getMeters().size(), "one counter and one timer for the first join");
        Counter joins = meters.get(ApiMetrics.CALLS).tag("call", "join").tag("result", "SUCCESS")
                .tag("messageKey", "none").tag("tenant", "none").counter();
        Timer joinLatency = meters.get(ApiMetrics.LATENCY).tag("call", "join").timer();
        for (int i = 0; i < 9_999; i++) {
            answer("join", 302, null);
        }
        assertEquals(2, meters.getMeters().size(), "no new meter for the same series");
        assertSame(joins, meters.get(ApiMetrics.CALLS).tag("call", "join").counter());
        assertEquals(10_000, joins.count());
        assertEquals(10_000, joinLatency.count());

        String notFound = "<response><returncode>FAILED</returncode><messageKey>notFound</messageKey>"
                + "<message>no such meeting</message></response>";
        for (int i = 0; i < 100; i++) {
            answer("getMeetingInfo", 200, notFound);
            joinRedirectedWithError("notFound"); // bbb-web sends a failed join's browser away with the error
        }
        assertEquals(5, meters.getMeters().size(),
                "getMeetingInfo's counter and timer, join's FAILED counter; join's timer is shared");
        assertEquals(100, meters.get(ApiMetrics.CALLS).tag("call", "getMeetingInfo").tag("result", "FAILED")
                .tag("messageKey", "notFound").counter().count());
        assertEquals(10_000, joins.count());
        assertEquals(10_100, joinLatency.count());
        assertEquals(100, meters.get(ApiMetrics.CALLS).tag("call", "join").tag("result", "FAILED")
                .tag("messageKey", "notFound").counter().count());
    }

    @Test
    void unknownCallsAndMessageKeysShareOneSeries() {
        for (int i = 0; i < 50; i++) {
            answer("madeUpCall" + i, 200, "<response><returncode>FAILED</returncode><messageKey>madeUpKey" + i
                    + "</messageKey></response>");
        }
        assertEquals(2, meters.getMeters().size());
        assertEquals(50, meters.get(ApiMetrics.CALLS).tag("call", "other").tag("messageKey", "other").counter()
                .count());
        assertEquals(50, meters.get(ApiMetrics.LATENCY).tag("call", "other").timer().count());
    }

    private void joinRedirectedWithError(String messageKey) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty("call", "join");
        metrics.callStarted(exchange);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
        exchange.setProperty(ExchangeProperties.REDIRECTED_ERROR, messageKey);
        metrics.callAnswered(exchange);
    }

    private void answer(String call, int status, String body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty("call", call);
        metrics.callStarted(exchange);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body);
        metrics.callAnswered(exchange);
    }
}
