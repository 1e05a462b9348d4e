package io.caravan.bbb;

import org.apache.camel.ExchangeProperty;

/** Admits only API calls signed with one of Caravan's secrets. */
public final class ApiGate {

    private final ChecksumVerifier verifier;

    public ApiGate(ChecksumVerifier verifier) {
        this.verifier = verifier;
    }

    public void verifyChecksum(@ExchangeProperty(ApiRequestReader.PROPERTY) ApiRequest request) {
        if (!verifier.verify(request.call(), request.rawQuery())) {
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
