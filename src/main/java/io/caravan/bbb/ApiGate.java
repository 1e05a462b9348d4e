package io.caravan.bbb;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ExchangeProperty;

/** Admits only API calls signed with one of Caravan's secrets. */
public final class ApiGate {

    private final ChecksumVerifier verifier;
    private final Counter checksumFailures;

    public ApiGate(ChecksumVerifier verifier, MeterRegistry meters) {
        this.verifier = verifier;
        // a rising count means a misconfigured integration or someone guessing; operators alert on it
        this.checksumFailures = Counter.builder("caravan.checksum.failures")
                .description("API calls refused because their checksum did not match any accepted secret")
                .register(meters);
    }

    public void verifyChecksum(@ExchangeProperty(ApiRequestReader.PROPERTY) ApiRequest request) {
        if (!verifier.verify(request.call(), request.rawQuery())) {
            checksumFailures.increment();
            throw BbbError.checksumError();
        }
    }

    public void requireMeetingId(@ExchangeProperty(ApiRequestReader.PROPERTY) ApiRequest request) {
        String meetingId = request.meetingId();
        if (meetingId == null || meetingId.isBlank()) {
            throw BbbError.missingMeetingId();
        }
    }
}
