package io.caravan.tenants;
import java.util.Collection;

import io.caravan.inventory.Tenant;

/**
 * The meetings each tenant has across all instances (caravan.store=redis), for its meeting limit. Admission must be
 * atomic over all instances, so two of them cannot both take a tenant's last free meeting.
 */
public interface SharedTenantMeetings {

    /** Admits a new meeting if the tenant's other meetings on servable nodes are fewer than its limit. */
    boolean admit(Tenant tenant, String nodeMeetingId, Collection<String> servableNodes);

    /** A meeting admitted but not placed (no node could take it): it no longer counts. */
    void abandon(Tenant tenant, String nodeMeetingId);
}
