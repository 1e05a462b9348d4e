package io.caravan.webhooks;

import java.util.List;
import java.util.Locale;

import io.caravan.inventory.Tenant;

/**
 * A client's hook, as bbb-webhooks defines one (its create's parameters), with what Caravan adds: whose it is.
 *
 * @param id          the hookID (a random UUID, as bbb-webhooks 3 gives)
 * @param tenant      the tenant that created it, null without tenants
 * @param callbackUrl where its events go
 * @param meetingId   the meeting whose events it gets, as the nodes know it (the tenant's namespace on it); null for
 *                    every meeting the tenant has
 * @param eventIds    the event ids it gets (lower case), null for all
 * @param raw         getRaw: bbb-webhooks' raw events instead of the mapped ones
 * @param secretId    names the secret its create was signed with ({@code CallbackTokens.secretId}), never the secret
 */
public record Hook(String id, String tenant, String callbackUrl, String meetingId, List<String> eventIds, boolean raw,
        String secretId) {

    public Hook {
        eventIds = eventIds == null ? null : List.copyOf(eventIds);
    }

    /**
     * Whether this hook gets the mapped event of that id from that meeting (its ID on the node). A tenant's hook sees
     * its own meetings only; a getRaw hook gets raw events instead ({@link #wantsRaw}).
     */
    public boolean wants(String nodeMeetingId, String eventId) {
        return !raw && matches(nodeMeetingId, eventId);
    }

    /**
     * Whether this getRaw hook gets a raw event from that meeting (null: Caravan could not tell whose it is, so no
     * tenant's hook and no meeting's hook gets it). {@code eventId} is the raw event's {@code data.id}, which only
     * the user-left bbb-webhooks makes up at a meeting's end has: a raw hook with an eventID list gets just those, as
     * on bbb-webhooks.
     */
    public boolean wantsRaw(String nodeMeetingId, String eventId) {
        return raw && matches(nodeMeetingId, eventId);
    }

    private boolean matches(String nodeMeetingId, String eventId) {
        if (tenant != null && (nodeMeetingId == null || !nodeMeetingId.startsWith(tenant + Tenant.SEPARATOR))) {
            return false;
        }
        if (meetingId != null && !meetingId.equals(nodeMeetingId)) {
            return false;
        }
        return eventIds == null || (eventId != null && eventIds.contains(eventId.toLowerCase(Locale.ROOT)));
    }

    /** bbb-webhooks tells duplicates by callback URL alone; behind Caravan, within one tenant. */
    public boolean sameTarget(Hook other) {
        return callbackUrl.equals(other.callbackUrl) && java.util.Objects.equals(tenant, other.tenant);
    }
}
