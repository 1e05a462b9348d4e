package io.caravan.api;
import java.util.List;
import java.util.function.Supplier;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.bbb.Checksum;
import io.caravan.bbb.ChecksumVerifier;
import io.caravan.bbb.RecordingChecks;
import io.caravan.inventory.Tenant;
import io.caravan.routes.ExchangeProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
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

    /**
     * bbb-web's checksum check: exactly one checksum parameter, over the raw query without it, or (a POST with an empty
     * query) over the form's parameters in bbb-web's canonical order. The secret that matched is kept for the
     * callbacks of what this request creates.
     */
    /** The recording calls' older order (RecordingChecks): checksum present, their parameters, then the hash. */
    private void verifyRecordingCall(Exchange exchange, ApiRequest request, Tenant tenant) {
        String received = RecordingChecks.checksum(request);
        if (received == null || received.isBlank()) {
            checksumFailures.increment();
            throw RecordingChecks.missingChecksum(request.call());
        }
        RecordingChecks.requireParams(request);
        String hashed = Checksum.stripFrom(request.rawQuery());
        String secret = tenant != null ? verifier.matchingSecret(request.call(), hashed, received, tenant.secrets())
                : tenantsDeclared.get() ? null : verifier.matchingSecret(request.call(), hashed, received);
        if (secret == null) {
            checksumFailures.increment();
            throw RecordingChecks.checksumFailed();
        }
        exchange.setProperty(ExchangeProperties.VERIFIED_SECRET, new VerifiedSecret(secret));
    }

    /** The checksum check as a route step: a refusal is recorded in {@link ExchangeProperties#REFUSAL}, not thrown. */
    public void verifyChecksum(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant) {
        try {
            verify(exchange, request, tenant);
        } catch (BbbError refusal) {
            exchange.setProperty(ExchangeProperties.REFUSAL, refusal);
        }
    }

    private void verify(Exchange exchange, ApiRequest request, Tenant tenant) {
        if (RecordingChecks.covers(request.call())) {
            verifyRecordingCall(exchange, request, tenant);
            return;
        }
        if (request.params().getOrDefault("checksum", List.of()).size() > 1) {
            // bbb-web (ValidationService) refuses two checksums outright: stripping the first by its value would
            // remove an identical second one too, and the request would verify with a parameter left unsigned
            checksumFailures.increment();
            throw BbbError.checksumError();
        }
        boolean queryEmpty = request.rawQuery() == null || request.rawQuery().isEmpty();
        String received = queryEmpty ? request.param("checksum") : Checksum.extractFrom(request.rawQuery());
        if (received == null && !queryEmpty) {
            received = request.param("checksum"); // bbb-web reads it from the form too
        }
        String hashed = queryEmpty ? Checksum.canonicalQuery(request.params()) : Checksum.stripFrom(request.rawQuery());
        String secret;
        if (tenant != null) {
            secret = verifier.matchingSecret(request.call(), hashed, received, tenant.secrets());
        } else if (tenantsDeclared.get()) {
            secret = null;
        } else {
            secret = verifier.matchingSecret(request.call(), hashed, received);
        }
        if (secret == null) {
            checksumFailures.increment();
            throw BbbError.checksumError();
        }
        exchange.setProperty(ExchangeProperties.VERIFIED_SECRET, new VerifiedSecret(secret));
    }
}
