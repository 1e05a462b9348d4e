package io.caravan.inventory;
import java.util.Map;
import java.util.Set;

/**
 * Parameter rules per API call, as declared under {@code parameters:} at the top of the inventory (global) or in a
 * tenant.
 */
public record ParameterRules(Map<String, CallRules> calls) {

    /** The calls rules may be declared for. */
    public static final Set<String> CALLS = Set.of("create", "join");

    /** Parameters no rule may touch: the namespaced meetingID and the checksum are Caravan's. */
    public static final Set<String> RESERVED = Set.of("meetingID", "checksum");

    /**
     * The parameters a cap may name, per call: bbb-web's numeric create parameters whose absence or 0 means "no
     * limit" (its defaults defaultMeetingDuration and defaultMaxUsers are 0), so that sending the cap when the client
     * sent nothing only ever lowers what the node allows. Join has none.
     */
    public static final Map<String, Set<String>> CAPPABLE = Map.of("create", Set.of("duration", "maxParticipants"),
            "join", Set.of());

    public static final ParameterRules NONE = new ParameterRules(Map.of());

    public ParameterRules {
        calls = Map.copyOf(calls);
    }

    public CallRules forCall(String call) {
        return calls.getOrDefault(call, CallRules.NONE);
    }
}
