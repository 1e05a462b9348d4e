package io.caravan.callbacks;

/**
 * What a callback token stands for: where the client wants the callback, for which tenant and meeting.
 *
 * @param kind      the callback
 * @param url       the client's URL, as it was given on create
 * @param tenant    the tenant's name, or null without tenants
 * @param meetingId the client's meetingID (without the tenant's namespace)
 * @param secretId  which of the client's secrets signed the create ({@link CallbackTokens#secretId}), or null for
 *                  tokens issued before Caravan kept it: the callback is then signed with the first secret
 */
public record CallbackTarget(CallbackKind kind, String url, String tenant, String meetingId, String secretId) {
}
