package io.caravan.webhooks;

import io.caravan.nodecalls.OutgoingCall;

/**
 * One event on its way to one client hook: a form POST as bbb-webhooks sends it.
 *
 * @param hookId        the hook, removed when the delivery fails for good
 * @param eventId       the event's id (user-joined, ...), for the logs
 * @param url           the hook's callback URL with the checksum added
 * @param body          {@code domain=...&event=[...]&timestamp=...}
 * @param timeoutMillis how long one attempt may take
 */
public record HookDelivery(String hookId, String eventId, String url, byte[] body, long timeoutMillis)
        implements OutgoingCall {

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public String contentType() {
        return "application/x-www-form-urlencoded";
    }

    @Override
    public String toString() {
        // the URL carries a checksum made with the client's secret: no log line needs it
        return "HookDelivery[" + hookId + " " + eventId + "]";
    }
}
