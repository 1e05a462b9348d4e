package io.caravan.routes;

/**
 * Every exchange property the routes and beans share, named once: the contract between the YAML routes and the Java
 * steps. Java refers to these constants; the YAML routes spell the same values (YAML cannot import a constant), and
 * nothing else may. For each: who sets it, and who reads it. Properties, not headers: platform-http copies message
 * headers into the HTTP response, so the pipeline keeps nothing in headers.
 */
public final class ExchangeProperties {

    // ---- the BBB API pipeline (bbb-api.camel.yaml) ------------------------------------------------------------
    /** The request as the client sent it (ApiRequest). Set by ApiRequestReader; namespaced by TenantMeetings. */
    public static final String API_REQUEST = "apiRequest";
    /** The API call's name. Set by ApiRequestReader; read by the routes' choice, ApiMetrics, ApiResponses. */
    public static final String CALL = "call";
    /** The request's meetingID (namespaced for a tenant). Set by ApiRequestReader and TenantMeetings. */
    public static final String MEETING_ID = "meetingID";
    /** The meetingID as the client sent it. Set by RequestValidation; read by RequestValidation after the lookup. */
    public static final String CLIENT_MEETING_ID = "clientMeetingID";
    /** The tenant of the request, or absent. Set by TenantSelector; read by most API steps. */
    public static final String TENANT = "tenant";
    /** The secret that verified the checksum (VerifiedSecret). Set by ApiGate; read by CallbackUrls. */
    public static final String VERIFIED_SECRET = "verifiedSecret";
    /** Failures waiting for the meeting lookup. Set by RequestValidation.check; read by meetingLocated. */
    public static final String PENDING_VIOLATIONS = "pendingViolations";
    /** When the API call started (nanoTime). Set by ApiMetrics.callStarted; read by callAnswered. */
    public static final String API_STARTED = "apiStartedNanos";
    /** The messageKey of a join answered with an error redirect. Set by ApiResponses; read by ApiMetrics. */
    public static final String REDIRECTED_ERROR = "redirectedError";
    /** Whether a join is answered by its node (redirect=false). Set by JoinRedirect; read by the join route. */
    public static final String JOIN_ANSWERED_BY_NODE = "joinAnsweredByNode";
    /**
     * The expected refusal of the call (a BbbError: checksum, validation, tenant limit, no node to place on, ...).
     * Set by the checking step that refuses (ApiGate, RequestValidation, TenantLimits, Placement, RecordingCalls,
     * RawRequestBody, ApiResponses.unsupportedRequest); read by the routes' refusal filters, which answer it with the
     * route bbb-api-refusal (ApiResponses.refusal) and stop.
     */
    public static final String REFUSAL = "refusal";

    // ---- meetings, placement and calls to nodes (bbb-api, node-calls, polling) ---------------------------------
    /** The node of the meeting, or the node being polled or asked. Set by placement, lookups, polls, splits. */
    public static final String NODE = "node";
    /** The call to send to a node (NodeCall). Set by the step before direct:call-node; read by NodeCalls. */
    public static final String NODE_CALL = "nodeCall";
    /** The node's in-flight permit of the call. Set by NodeCalls.admit; released by NodeCalls.completed. */
    public static final String NODE_PERMIT = "nodePermit";
    /** When the node call was sent (nanoTime). Set by NodeCalls.send; read by NodeCalls.completed. */
    public static final String NODE_CALL_SENT = "nodeCallSent";
    /** Whether the node call was answered. Set by NodeCalls.readAnswer; read by NodeCalls.completed. */
    public static final String NODE_CALL_ANSWERED = "nodeCallAnswered";
    /** When a node's poll started (nanoTime). Set by NodePoller's calls; read by NodePoller.recordMeetings. */
    public static final String POLL_STARTED = "pollStartedNanos";
    /** Whether a node has the meeting asked for. Set by the route ask-node-for-meeting; read by MeetingSearch. */
    public static final String MEETING_FOUND = "meetingFound";
    /** The nodes' getSessions answers. Set by UserSessions.collector; filled by collect, read by merged. */
    public static final String SESSION_ANSWERS = "sessionAnswers";
    /** Whether the create reached a node. Set by the create route's loop; read by its condition. */
    public static final String CREATE_SENT = "createSent";
    /** The nodes that refused this create before it reached them. Set and read by Placement.placeElsewhere. */
    public static final String CREATE_REFUSED_BY = "createRefusedBy";
    /** Whether this create placed a new meeting. Set by Placement; read by Placement.placeElsewhere, VoiceBridges. */
    public static final String CREATE_PLACED_NEW = "createPlacedNew";
    /** True on the create of a breakout room. Set by the route locate-parent-meeting; read by Placement, VoiceBridges. */
    public static final String BREAKOUT_ROOM = "breakoutRoom";
    /** The node of a breakout room's parent, or absent. Set by locate-parent-meeting; read by Placement. */
    public static final String PARENT_NODE = "parentNode";
    /** The breakout room's own meetingID while its parent is looked up. Set and read by locate-parent-meeting. */
    public static final String BREAKOUT_MEETING_ID = "breakoutMeetingID";

    // ---- recordings (recordings.camel.yaml) --------------------------------------------------------------------
    /** One node's recordings poll in progress. Set by RecordingsPoller.startPoll; read by its page steps. */
    public static final String RECORDINGS_POLL = "recordingsPoll";
    /** The nodes' answers to a publish, delete or update. Set by RecordingCalls.changeCalls; filled by collect. */
    public static final String RECORDING_NODE_ANSWERS = "recordingNodeAnswers";
    /** The merged answer of a publish, delete or update. Set by the change route from RecordingCalls.merge. */
    public static final String RECORDINGS_ANSWER = "recordingsAnswer";
    /** The nodes whose recordings a change touched. Set by RecordingCalls.changeCalls; read by the change's polls. */
    public static final String RECORDING_NODES = "recordingNodes";
    /**
     * The recordIDs of a publish, delete or update that were recordings Caravan keeps, changed here (List). Set by
     * KeptRecordings.change; read by RecordingCalls.changeCalls and merge.
     */
    public static final String KEPT_RECORD_IDS = "keptRecordIDs";
    /** recordIDs the index does not know. Set by RecordingSearch.lookForUnknown; read by findCall. */
    public static final String UNKNOWN_RECORD_IDS = "unknownRecordIDs";

    // ---- webhooks (webhooks.camel.yaml) ------------------------------------------------------------------------
    /** The deliveries a node's events make (List of HookDelivery). Set by NodeEvents.receive; read by the split. */
    public static final String WEBHOOK_DELIVERIES = "webhookDeliveries";
    /** One delivery to a client hook (HookDelivery). Set by webhook-deliveries; read by NodeEvents and the binding. */
    public static final String WEBHOOK_DELIVERY = "webhookDelivery";
    /**
     * Caravan's hooks a node's hooks/list shows (NodeHooks.Listed). Set by NodeHooks.listed; read by its missing,
     * rawToChange and rawCall in webhooks-node-hook.
     */
    public static final String LISTED_HOOKS = "listedHooks";
    /** Events refused (EventRefused). Set by NodeEvents.receive; read by webhooks-node-events' filter and refused. */
    public static final String WEBHOOK_REFUSAL = "webhookRefusal";

    // ---- callbacks (callbacks.camel.yaml) ----------------------------------------------------------------------
    /** The delivery to the client (CallbackDelivery). Set by NodeCallbacks; read by the delivery route. */
    public static final String CALLBACK_DELIVERY = "callbackDelivery";
    /** The node whose recording is ready. Set by NodeCallbacks; read by the callbacks route's index refresh. */
    public static final String RECORDING_READY_NODE = "recordingReadyNode";
    /** A refused callback (CallbackRefused). Set by NodeCallbacks.receive; read by callback-in's filter and refused. */
    public static final String CALLBACK_REFUSAL = "callbackRefusal";

    // ---- recording uploads (recordings.camel.yaml, recording-upload) --------------------------------------------
    /** The node a recording upload authenticated as (Node). Set by RecordingUploads.authorize; read by its store. */
    public static final String UPLOAD_NODE = "uploadNode";
    /**
     * A refused recording upload, its JSON answer (RecordingUploads.Answer). Set by RecordingUploads.authorize and
     * store; read by recording-upload's filter and RecordingUploads.answer.
     */
    public static final String UPLOAD_REFUSAL = "uploadRefusal";

    // ---- playback of kept recordings (playback.camel.yaml) ------------------------------------------------------
    /** What a playback request asks (PlaybackRequest). Set by PlaybackRequests.read; read by the later steps. */
    public static final String PLAYBACK_REQUEST = "playbackRequest";
    /**
     * The catalogued, published recording a playback request is for (catalog Recording); absent for the player's
     * own files. Set by PlaybackAccess.check; read by PlaybackRequests.locate and PlaybackAnswers.file (caching).
     */
    public static final String PLAYBACK_RECORDING = "playbackRecording";
    /** The file to answer (storage PlaybackFile). Set by PlaybackRequests.locate; read by PlaybackAnswers.file. */
    public static final String PLAYBACK_FILE = "playbackFile";
    /**
     * A playback request refused (PlaybackRefusal: 404 or 403). Set by PlaybackRequests and PlaybackAccess; read by
     * playback's filters, which answer it with direct:playback-refusal (PlaybackAnswers.refusal) and stop.
     */
    public static final String PLAYBACK_REFUSAL = "playbackRefusal";
    /**
     * A playback request answered with a redirect (PlaybackRedirect): a directory's slash, a redeemed one-time link,
     * object storage. Set by PlaybackRequests and PlaybackAccess; read by playback's filters (PlaybackAnswers.redirect).
     */
    public static final String PLAYBACK_REDIRECT = "playbackRedirect";

    // ---- maintenance (maintenance.camel.yaml) ---------------------------------------------------------------------
    /**
     * One round of a cordon's chat messages on a node (MaintenanceNotices.Round), absent when none is due. Set by
     * MaintenanceNotices.dueCalls; counted by its posted and failed, logged by roundCompleted.
     */
    public static final String MAINTENANCE_ROUND = "maintenanceRound";

    // ---- dial-in (dial-in.camel.yaml) -----------------------------------------------------------------------------
    /** FreeSWITCH's lookup (DialplanRequest). Set by DialplanRequests.read; read by Dialplans.answer. */
    public static final String DIALPLAN_REQUEST = "dialplanRequest";
    /** True when a lookup lacks the dial-in credentials. Set by DialInGate.verify; read by the dial-in route. */
    public static final String DIAL_IN_UNAUTHORIZED = "dialInUnauthorized";

    // ---- admin and ops (admin.camel.yaml, ops.camel.yaml) ------------------------------------------------------
    /** The admin call's method, name, action, meetingID, node filter, force flag, body and query. AdminRequests. */
    public static final String ADMIN_METHOD = "adminMethod";
    public static final String ADMIN_NAME = "adminName";
    public static final String ADMIN_ACTION = "adminAction";
    public static final String ADMIN_MEETING_ID = "adminMeetingID";
    public static final String ADMIN_NODE_FILTER = "adminNodeFilter";
    public static final String ADMIN_FORCE = "adminForce";
    public static final String ADMIN_BODY = "adminBody";
    public static final String ADMIN_QUERY = "adminQuery";
    /** The maintenance window named by /admin/api/nodes/{name}/maintenance/{window}. Set by AdminRequests. */
    public static final String ADMIN_WINDOW = "adminWindow";
    /** A node entry to add, validated (ObjectNode). Set by NodeAdmin.prepareAdd; read by NodeAdmin.add. */
    public static final String ADMIN_ENTRY = "adminEntry";
    /** Whether a node change is a panic (its meetings ended). Set by NodeAdmin; read by the admin routes. */
    public static final String ADMIN_PANIC = "adminPanic";
    /**
     * The answer to a refused admin request (AdminAnswer: error status and message). Set by the admin steps that check
     * before the answer (AdminGate.authorize, AdminResponses.methodNotAllowed, NodeAdmin's prepareAdd and checks,
     * NodeAdmin.panicCalls, MeetingAdmin.endCall); read by the routes' refusal filters and the route admin-refusal.
     */
    public static final String ADMIN_REFUSAL = "adminRefusal";
    /**
     * An erase of a tenant's or a meeting's recordings (recordings.Erasure). Set by RecordingAdmin.prepareErase; filled
     * by RecordingErasure's steps in admin-erase-recordings; read by RecordingAdmin.erased.
     */
    public static final String ERASURE = "erasure";
    /** The tenant /stats is asked for. Set and read by AdminAccess. */
    public static final String STATS_TENANT = "statsTenant";
    /** True when /stats or /metrics lacks the admin token. Set by AdminAccess; read by the ops routes' filters. */
    public static final String OPS_UNAUTHORIZED = "opsUnauthorized";

    private ExchangeProperties() {
    }
}
