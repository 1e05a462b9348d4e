package io.caravan.inventory;
import java.util.List;

/**
 * One customer of a shared Caravan: its own secrets, the hostnames its integrations call, its own meetings (namespaced
 * on the nodes) and its limits.
 *
 * @param name         unique name; the namespace of its meetings on the nodes and the {@code /t/{name}/} path
 * @param secrets      accepted API secrets (several during a rollover)
 * @param hostnames    lower-case hostnames that select this tenant (Host or X-Forwarded-Host)
 * @param maxMeetings  concurrent meetings allowed, 0 for no limit
 * @param maxAttendees attendees allowed over all its meetings before joins are refused, 0 for no limit
 * @param clusters     the clusters its new meetings are placed in; empty for any
 * @param parameters   its parameter rules, applied on top of the global ones
 * @param slide        URL of the presentation sent with a create that has none, or null
 * @param logo         URL sent as {@code logo} with a create that has none, or null
 * @param statsToken   bearer token with which the tenant reads its own {@code /stats}, or null
 * @param retention    its own rules for the recordings Caravan keeps, each replacing the global one
 */
public record Tenant(String name, List<String> secrets, List<String> hostnames, int maxMeetings, int maxAttendees,
        List<String> clusters, ParameterRules parameters, String slide, String logo, String statsToken,
        Retention retention) {

    /** Separates the tenant's name from the client's meetingID in the meetingID the nodes see. */
    public static final char SEPARATOR = '~';


    public Tenant {
        secrets = List.copyOf(secrets);
        hostnames = List.copyOf(hostnames);
        clusters = List.copyOf(clusters);
        parameters = parameters == null ? ParameterRules.NONE : parameters;
        retention = retention == null ? Retention.NONE : retention;
    }

    /** A tenant with the global retention rules. */
    public Tenant(String name, List<String> secrets, List<String> hostnames, int maxMeetings, int maxAttendees,
            List<String> clusters, ParameterRules parameters, String slide, String logo, String statsToken) {
        this(name, secrets, hostnames, maxMeetings, maxAttendees, clusters, parameters, slide, logo, statsToken, null);
    }

    /** A tenant without a statistics token. */
    public Tenant(String name, List<String> secrets, List<String> hostnames, int maxMeetings, int maxAttendees,
            List<String> clusters, ParameterRules parameters, String slide, String logo) {
        this(name, secrets, hostnames, maxMeetings, maxAttendees, clusters, parameters, slide, logo, null);
    }

    /** A tenant without clusters, rules, slide, logo or statistics token. */
    public Tenant(String name, List<String> secrets, List<String> hostnames, int maxMeetings, int maxAttendees) {
        this(name, secrets, hostnames, maxMeetings, maxAttendees, List.of(), ParameterRules.NONE, null, null, null);
    }

    /** The meetingID the nodes and the meeting directory know for this tenant's meetingID. */
    public String nodeMeetingId(String clientMeetingId) {
        return namespace() + clientMeetingId;
    }

    /** Every meetingID of this tenant on the nodes starts with this. */
    public String namespace() {
        return name + SEPARATOR;
    }

    public boolean owns(String nodeMeetingId) {
        return nodeMeetingId != null && nodeMeetingId.startsWith(namespace());
    }
}
