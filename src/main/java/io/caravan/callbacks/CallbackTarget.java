package io.caravan.callbacks;

/**
 * What a callback token stands for: where the client wants the callback, for which tenant and meeting.
 *
 * @param kind      the callback
 * @param url       the client's URL, as it was given on create
 * @param tenant    the tenant's name, or null without tenants
 * @param meetingId the client's meetingID (without the tenant's namespace)
 */
public record CallbackTarget(CallbackKind kind, String url, String tenant, String meetingId) {
}
