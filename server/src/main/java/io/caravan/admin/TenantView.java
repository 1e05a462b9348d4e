package io.caravan.admin;
import java.util.List;

import io.caravan.inventory.ParameterRules;
import io.caravan.inventory.Tenant;

/**
 * A tenant as the admin API shows it: never its secrets, only how many it has (two or more during a rollover).
 *
 * @param maxMeetings    0 for no limit
 * @param maxAttendees   0 for no limit
 * @param slide          whether a default presentation is set
 * @param logo           whether a logo is set
 * @param parameterRules whether the tenant has parameter rules of its own
 */
public record TenantView(String name, List<String> hostnames, int secretCount, int maxMeetings, int maxAttendees,
        List<String> clusters, boolean slide, boolean logo, boolean parameterRules) {

    public static TenantView of(Tenant tenant) {
        return new TenantView(tenant.name(), tenant.hostnames(), tenant.secrets().size(), tenant.maxMeetings(),
                tenant.maxAttendees(), tenant.clusters(), tenant.slide() != null, tenant.logo() != null,
                !tenant.parameters().equals(ParameterRules.NONE));
    }
}
