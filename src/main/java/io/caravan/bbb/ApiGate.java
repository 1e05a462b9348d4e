package io.caravan.bbb;

import java.util.List;
import java.util.function.Supplier;

import io.caravan.tenants.Tenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ExchangeProperty;

/**
 * Admits only API calls signed with one of the accepted secrets: the request's tenant's when tenants are declared
 * (a request for no tenant matches nothing, as an unknown secret would), else Caravan's global ones.
 */
public final class ApiGate {

    private final ChecksumVerifier verifier;
    private final Supplier<Boolean> tenantsDeclared;
    private final Counter checksumFailures;

    public ApiGate(ChecksumVerifier verifier, Supplier<Boolean> tenantsDeclared, MeterRegistry meters) {
        this.verifier = verifier;
        this.tenantsDeclared = tenantsDeclared;
        // a rising count means a misconfigured integration or someone guessing; operators alert on it
        this.checksumFailures = Counter.builder("caravan.checksum.failures")
                .description("API calls refused because their checksum did not match any accepted secret")
                .register(meters);
    }

    public void verifyChecksum(@ExchangeProperty(ApiRequestReader.PROPERTY) ApiRequest request,
            @ExchangeProperty(Tenant.PROPERTY) Tenant tenant) {
        boolean valid;
        if (tenant != null) {
            valid = verifier.verify(request.call(), request.rawQuery(), tenant.secrets());
        } else if (tenantsDeclared.get()) {
            valid = verifier.verify(request.call(), request.rawQuery(), List.of());
        } else {
            valid = verifier.verify(request.call(), request.rawQuery());
        }
        if (!valid) {
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
