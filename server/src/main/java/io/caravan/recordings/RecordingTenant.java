package io.caravan.recordings;

import io.caravan.inventory.Tenant;
import io.caravan.inventory.Tenants;
import io.caravan.storage.RecordingMetadata;
import io.caravan.storage.RecordingRefused;

/**
 * The tenant an imported recording belongs to, decided by its meetingID the way Caravan namespaces tenants' meetings
 * on the nodes ({@code <tenant>~<meetingID>}); or, for an operator's import of recordings made without Caravan
 * (scalelite#938), the tenant the operator names.
 */
final class RecordingTenant {

    private final Tenants tenants;

    RecordingTenant(Tenants tenants) {
        this.tenants = tenants;
    }

    /** The tenant (null for none), or refused when the meetingID names no tenant Caravan has. */
    String of(RecordingMetadata metadata) {
        String meetingId = metadata.meetingId() == null ? "" : metadata.meetingId();
        int separator = meetingId.indexOf(Tenant.SEPARATOR);
        if (separator < 0) {
            if (tenants.declared()) {
                throw new RecordingRefused(RecordingRefused.Reason.UNKNOWN_TENANT, "meetingID '" + meetingId
                        + "' names no tenant (tenants are declared: their meetings reach the nodes as <tenant>~<id>)");
            }
            return null; // the store's default tenant
        }
        String name = meetingId.substring(0, separator);
        return tenants.named(name).map(Tenant::name).orElseThrow(() -> new RecordingRefused(
                RecordingRefused.Reason.UNKNOWN_TENANT, "meetingID '" + meetingId + "' names no tenant Caravan has"));
    }

    /** The tenant an operator names for an import; refused when Caravan has no such tenant. */
    String named(String name) {
        return tenants.named(name).map(Tenant::name).orElseThrow(() -> new RecordingRefused(
                RecordingRefused.Reason.UNKNOWN_TENANT, "no tenant '" + name + "'"));
    }

    /**
     * The tenant an operator named, for this recording: refused when its meetingID is in another tenant's namespace
     * (a recording made through Caravan for that tenant must not move into this one by a mistyped option).
     */
    String named(String name, RecordingMetadata metadata) {
        String tenant = named(name);
        String meetingId = metadata.meetingId() == null ? "" : metadata.meetingId();
        int separator = meetingId.indexOf(Tenant.SEPARATOR);
        if (separator > 0) {
            String owner = meetingId.substring(0, separator);
            if (!owner.equals(tenant) && tenants.named(owner).isPresent()) {
                throw new RecordingRefused(RecordingRefused.Reason.OTHER_TENANT, "meetingID '" + meetingId
                        + "' is tenant " + owner + "'s, not " + tenant + "'s");
            }
        }
        return tenant;
    }

    /**
     * The meetingID the tenant's clients know: without the namespace when the recording came through Caravan, as it
     * is when the operator imported a recording of that tenant made elsewhere.
     */
    static String clientMeetingId(String meetingId, String tenant) {
        String id = meetingId == null ? "" : meetingId;
        String namespace = tenant + Tenant.SEPARATOR;
        return tenant != null && id.startsWith(namespace) ? id.substring(namespace.length()) : id;
    }
}
