package io.caravan.callbacks;

import java.util.Arrays;
import java.util.Optional;

/**
 * The callbacks a create may ask a node for, each by the parameter that carries its URL and the path segment of
 * Caravan's URL that stands in for it.
 */
public enum CallbackKind {

    /** The meeting ended: GET with meetingID, recordingmarks. */
    END("end", "meta_endCallbackUrl", Signature.NONE),
    /** bbb-web's own meeting-ended notification: GET with meetingID. */
    MEETING_ENDED("meeting-ended", "meetingEndedURL", Signature.NONE),
    /** A recording is published: POST form field signed_parameters, HS256 with the node's secret. */
    RECORDING_READY("recording-ready", "meta_bbb-recording-ready-url", Signature.SIGNED_PARAMETERS),
    /** The same for the BigBlueButton analytics ("bn") integrations. */
    BN_RECORDING_READY("bn-recording-ready", "meta_bn-recording-ready-url", Signature.SIGNED_PARAMETERS),
    /** Learning analytics: POST JSON with Authorization: Bearer, HS512 with the node's secret. */
    ANALYTICS("analytics", "meta_analytics-callback-url", Signature.BEARER);

    /** How the node proves a callback is its own. */
    enum Signature { NONE, SIGNED_PARAMETERS, BEARER }

    private final String path;
    private final String parameter;
    private final Signature signature;

    CallbackKind(String path, String parameter, Signature signature) {
        this.path = path;
        this.parameter = parameter;
        this.signature = signature;
    }

    /** The segment in {@code /callbacks/{kind}/{token}}. */
    public String path() {
        return path;
    }

    /** The create parameter holding the client's URL. */
    public String parameter() {
        return parameter;
    }

    Signature signature() {
        return signature;
    }

    public static Optional<CallbackKind> ofPath(String path) {
        return Arrays.stream(values()).filter(kind -> kind.path.equals(path)).findFirst();
    }
}
