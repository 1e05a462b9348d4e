package io.caravan.recordings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.bbb.MetadataFilter;
import io.caravan.bbb.NodeAnswers;
import io.caravan.bbb.QueryParams;
import io.caravan.bbb.RecordingsPaging;
import io.caravan.catalog.CatalogEntry;
import io.caravan.catalog.RecordingKeys;
import io.caravan.config.Settings.RecordingSettings;
import io.caravan.inventory.Node;
import io.caravan.inventory.Tenant;
import io.caravan.nodecalls.NodeCall;
import io.caravan.nodecalls.NodeCalls;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import io.caravan.shared.SharedEvents;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The recording calls of the BBB API across nodes: getRecordings answered from the {@link RecordingIndex} (route
 * bbb-get-recordings), the calls that change recordings split per owning node (bbb-change-recordings), and the text
 * track calls sent to the recording's node (bbb-recording-text-tracks). A tenant only sees recordings of meetings in
 * its namespace.
 */
public final class RecordingCalls {

    private static final List<String> DEFAULT_STATES = List.of("published", "unpublished");
    private static final String JSON_CONTENT_TYPE = "application/json;charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordingIndex index;
    private final NodeRegistry registry;
    private final boolean enabled;
    private final SharedEvents events;
    private final long nodeTimeoutMillis;
    private final KeptRecordings kept;
    private final KeptRecordingXml keptXml;
    private final String playbackBase;

    /**
     * @param kept         the recordings Caravan keeps (listed beside the nodes', changed in the catalog)
     * @param links        their playback URLs
     * @param playbackBase the scheme and host their URLs point at (caravan.recordings.playback-host, else
     *                     caravan.public-url); empty: the host the client called, as it named it
     */
    public RecordingCalls(RecordingIndex index, NodeRegistry registry, RecordingSettings settings, SharedEvents events,
            long nodeTimeoutMillis, KeptRecordings kept, FormatLink links, String playbackBase) {
        this.index = index;
        this.registry = registry;
        this.enabled = settings.enabled();
        this.events = events;
        this.nodeTimeoutMillis = nodeTimeoutMillis;
        this.kept = kept;
        this.keptXml = new KeptRecordingXml(links);
        this.playbackBase = playbackBase;
    }

    // ---- getRecordings ------------------------------------------------------------------------------------------

    /**
     * getRecordings with bbb-web's filters and paging, over the recordings Caravan keeps and those only on nodes (a
     * recording in both is listed once, as kept: that copy outlives the node). As bbb-web: recordID (a comma list of
     * prefixes) wins over meetingID; without state only published and unpublished ones, {@code any} for all; meta_
     * parameters must all match, with bbb-web's % wildcards ({@link MetadataFilter}). With a limit the answer is one
     * page ({@link RecordingsPaging}) ending with {@code <totalElements>}. Only the page's kept recordings are
     * written out.
     */
    public String list(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant) {
        Optional<RecordingsPaging> paging = RecordingsPaging.of(request.param("limit"), request.param("offset"));
        List<Listed> found = new ArrayList<>();
        long total = 0;
        if (enabled) {
            List<IndexedRecording> onNodes = index.find(filter(request, tenant));
            // a node's copy of a recording Caravan keeps is never listed, whether or not the kept one matches
            Set<String> keptIds = kept.keptAmong(onNodes.stream().map(IndexedRecording::recordID).toList());
            onNodes.stream().filter(r -> !keptIds.contains(r.recordID()))
                    .forEach(r -> found.add(new Listed(r.recordID(), r.startTime(), r)));
            // of the kept ones only as many as a merged page can need: the page's end
            RecordingKeys keptKeys = kept.find(request, tenant,
                    paging.map(p -> (int) Math.min(Integer.MAX_VALUE, (long) p.offset() + p.limit())));
            keptKeys.keys().forEach(k -> found.add(new Listed(k.recordId(), k.startTime(), null)));
            total = found.size() - keptKeys.keys().size() + keptKeys.total();
            found.sort(Listed.ORDER);
        }
        List<Listed> page = paging.map(p -> p.page(found)).orElse(found);
        // the kept recordings of the page, read whole: one query, whatever the size of the catalog
        Map<String, CatalogEntry> keptOnPage = kept.load(page.stream().filter(r -> r.indexed() == null)
                .map(Listed::recordID).toList());
        StringBuilder xml = new StringBuilder(256 + page.size() * 2048);
        xml.append("<response><returncode>SUCCESS</returncode>");
        if (page.isEmpty()) {
            xml.append("<recordings></recordings><messageKey>noRecordings</messageKey>"
                    + "<message>There are no recordings for the meeting(s).</message>");
        } else {
            String base = playbackBase.isEmpty() ? requestBase(exchange) : playbackBase;
            xml.append("<recordings>");
            for (Listed r : page) {
                CatalogEntry entry = r.indexed() != null ? null : keptOnPage.get(r.recordID());
                if (r.indexed() != null) {
                    xml.append(r.indexed().xml());
                } else if (entry != null) {
                    xml.append(keptXml.xml(entry, base, tenant));
                } // else deleted between the two reads: left out
            }
            xml.append("</recordings>");
        }
        if (paging.isPresent()) {
            xml.append("<totalElements>").append(total).append("</totalElements>");
        }
        return xml.append("</response>").toString();
    }

    /** A recording of a getRecordings answer: on a node (indexed), or kept by Caravan (indexed null). */
    private record Listed(String recordID, long startTime, IndexedRecording indexed) {
        /** {@link IndexedRecording#ORDER}, over both. */
        static final Comparator<Listed> ORDER = Comparator.comparingLong(Listed::startTime)
                .thenComparing(Listed::recordID);
    }

    /**
     * The host the client called (as a proxy in front names it), for playback URLs when none is configured; only a
     * host name and port pass, so a forged header cannot make the answer point anywhere but at a host.
     */
    private static String requestBase(Exchange exchange) {
        // the pipeline dropped the message headers (ApiRequestReader); the HTTP request still has them
        String host = null;
        String forwardedProto = null;
        if (exchange.getMessage() instanceof HttpMessage http) {
            String forwardedHost = http.getRequest().getHeader("X-Forwarded-Host");
            host = forwardedHost != null && !forwardedHost.isBlank() ? forwardedHost : http.getRequest().getHeader("Host");
            forwardedProto = http.getRequest().getHeader("X-Forwarded-Proto");
        }
        String scheme = "https".equalsIgnoreCase(forwardedProto == null ? "" : forwardedProto.strip()) ? "https"
                : "http";
        String name = host == null ? "" : host.strip();
        int comma = name.indexOf(',');
        name = comma < 0 ? name : name.substring(0, comma).strip();
        return scheme + "://" + (name.matches("[A-Za-z0-9.\\-\\[\\]:]+") ? name : "localhost");
    }

    private static Predicate<IndexedRecording> filter(ApiRequest request, Tenant tenant) {
        List<String> recordIDs = RecordingParams.commaList(request.param("recordID"));
        Set<String> meetingIDs = recordIDs.isEmpty() ? meetingIds(request, tenant) : Set.of();
        List<String> states = RecordingParams.commaList(request.param("state"));
        boolean anyState = states.contains("any");
        List<String> wantedStates = states.isEmpty() ? DEFAULT_STATES : states;
        Map<String, String> meta = RecordingParams.meta(request, true);
        return r -> visibleTo(r, tenant)
                && (meetingIDs.isEmpty() || meetingIDs.contains(r.meetingID()))
                && (recordIDs.isEmpty() || recordIDs.stream().anyMatch(r.recordID()::startsWith))
                && (anyState || wantedStates.contains(r.state()))
                && MetadataFilter.matchesAll(meta, r.metadata());
    }

    /** The meetingIDs asked for as nodes know them; a tenant's list was namespaced as one value. */
    private static Set<String> meetingIds(ApiRequest request, Tenant tenant) {
        String value = request.param("meetingID");
        if (tenant == null || value == null) {
            return new LinkedHashSet<>(RecordingParams.commaList(value));
        }
        String plain = value.startsWith(tenant.namespace()) ? value.substring(tenant.namespace().length()) : value;
        Set<String> ids = new LinkedHashSet<>();
        RecordingParams.commaList(plain).forEach(id -> ids.add(tenant.nodeMeetingId(id)));
        return ids;
    }

    private static boolean visibleTo(IndexedRecording recording, Tenant tenant) {
        return tenant == null || tenant.owns(recording.meetingID());
    }

    // ---- publishRecordings, deleteRecordings, updateRecordings --------------------------------------------------

    /**
     * One signed call per node that owns some of the recordIDs, each with only its own recordIDs. Unknown recordIDs
     * are left out; none known at all is bbb-web's notFound. Parameters sent in a form POST body are read like query
     * parameters (as bbb-web does) and reach the node in the query of a GET: bbb-web maps publishRecordings and
     * deleteRecordings for GET only. A refusal (a missing parameter, notFound) gets null, recorded in
     * {@link ExchangeProperties#REFUSAL}.
     */
    public List<NodeCall> changeCalls(Exchange exchange,
            @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant) {
        try {
            return perNodeCalls(exchange, request, tenant);
        } catch (BbbError refusal) {
            exchange.setProperty(ExchangeProperties.REFUSAL, refusal);
            return null;
        }
    }

    private List<NodeCall> perNodeCalls(Exchange exchange, ApiRequest request, Tenant tenant) {
        List<String> recordIDs = RecordingParams.commaList(request.param("recordID"));
        if (recordIDs.isEmpty()) {
            throw new BbbError("missingParamRecordID", "You must specify a recordID.");
        }
        if ("publishRecordings".equals(request.call()) && (request.param("publish") == null
                || request.param("publish").isBlank())) {
            throw new BbbError("missingParamPublish", "You must specify a publish value true or false.");
        }
        if (!enabled) {
            throw notFound();
        }
        List<String> keptChanged = exchange.getProperty(ExchangeProperties.KEPT_RECORD_IDS, List.of(), List.class);
        Map<String, List<String>> perNode = new LinkedHashMap<>();
        for (String recordID : recordIDs) {
            index.get(recordID).filter(r -> visibleTo(r, tenant))
                    .ifPresent(r -> perNode.computeIfAbsent(r.nodeName(), n -> new ArrayList<>()).add(recordID));
        }
        List<NodeCall> calls = new ArrayList<>();
        List<Node> touched = new ArrayList<>();
        List<Change> changes = Collections.synchronizedList(new ArrayList<>());
        perNode.forEach((nodeName, ids) -> registry.node(nodeName).ifPresent(node -> {
            String query = QueryParams.rewrite(request.queryWithForm(), "recordID", old -> String.join(",", ids));
            NodeCall call = NodeCalls.signed(node, request.call(), query, "GET", null, null, nodeTimeoutMillis);
            calls.add(call);
            touched.add(node);
            changes.add(new Change(call, ids));
        }));
        if (calls.isEmpty() && keptChanged.isEmpty()) {
            throw notFound();
        }
        exchange.setProperty(ExchangeProperties.RECORDING_NODE_ANSWERS, changes);
        exchange.setProperty(ExchangeProperties.RECORDING_NODES, touched);
        return calls;
    }

    /** One node's part of a change: its call, its recordIDs and, once it answered, the answer and its outcome. */
    private static final class Change {
        private final NodeCall call;
        private final List<String> recordIDs;
        private volatile byte[] answer;
        private volatile boolean succeeded;

        Change(NodeCall call, List<String> recordIDs) {
            this.call = call;
            this.recordIDs = recordIDs;
        }
    }

    public void collect(@ExchangeProperty(ExchangeProperties.RECORDING_NODE_ANSWERS) List<Change> changes,
            @ExchangeProperty(ExchangeProperties.NODE_CALL) NodeCall call, @Body byte[] answer) {
        boolean succeeded = NodeAnswers.outcome(NodeAnswers.parse(answer)).success();
        changes.stream().filter(c -> c.call == call).forEach(c -> {
            c.answer = answer;
            c.succeeded = succeeded;
        });
    }

    /**
     * SUCCESS when every node succeeded (the first node's answer), else the first failure. Recordings a node
     * deleted leave the index at once, whatever the poll that follows finds.
     */
    public byte[] merge(@ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.RECORDING_NODE_ANSWERS) List<Change> changes,
            @ExchangeProperty(ExchangeProperties.KEPT_RECORD_IDS) List<String> keptChanged) {
        byte[] failure = null;
        byte[] first = null;
        for (Change change : changes) {
            if (change.answer == null) {
                continue;
            }
            first = first == null ? change.answer : first;
            if (change.succeeded) {
                if ("deleteRecordings".equals(request.call())) {
                    change.recordIDs.forEach(index::remove);
                }
            } else if (failure == null && !keptCopies(change, keptChanged)) {
                failure = change.answer;
            }
        }
        if (first == null) {
            if (changes.isEmpty() && keptChanged != null && !keptChanged.isEmpty()) {
                return KeptRecordings.answer(request); // only recordings Caravan keeps: nothing to ask a node
            }
            throw BbbError.nodeUnreachable();
        }
        return failure != null ? failure : first;
    }

    /**
     * Whether a node's part named only recordings Caravan keeps, changed already: the node's copy failing to follow
     * does not fail the call (that copy is not the one clients are given).
     */
    private static boolean keptCopies(Change change, List<String> keptChanged) {
        return keptChanged != null && keptChanged.containsAll(change.recordIDs);
    }

    private static BbbError notFound() {
        return new BbbError("notFound", "We could not find recordings");
    }

    /** Tells the other instances about a change made here (nothing to tell without them). */
    public void announceChange(@ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.RECORDING_NODE_ANSWERS) List<Change> changes,
            @ExchangeProperty(ExchangeProperties.RECORDING_NODES) List<Node> touched) {
        List<String> deleted = new ArrayList<>();
        if ("deleteRecordings".equals(request.call())) {
            changes.stream().filter(c -> c.succeeded).forEach(c -> deleted.addAll(c.recordIDs));
        }
        new RecordingsChanged(touched.stream().map(Node::name).toList(), deleted).publish(events);
    }

    // ---- getRecordingTextTracks, putRecordingTextTrack ----------------------------------------------------------

    /**
     * Sets the exchange property nodeCall to the call for the node that has the recording, re-signed for it; or,
     * when there is nothing to forward, answers as bbb-web does (an XML refusal is recorded in
     * {@link ExchangeProperties#REFUSAL}). The upload (putRecordingTextTrack's
     * multipart/form-data body) travels byte for byte with its Content-Type, boundary included. recordID is read
     * from the query, a form body, or the multipart fields, as Grails' params merges them for bbb-web. A recording
     * the client may not see (another tenant's, or any while recordings are switched off) is bbb-web's noRecordings.
     */
    public void textTrackCall(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant) {
        boolean upload = "putRecordingTextTrack".equals(request.call());
        String recordID = RecordingParams.recordID(request);
        recordID = recordID == null ? "" : recordID.strip();
        if (recordID.isEmpty()) {
            if (!upload) {
                // RecordingController.getRecordingTextTracksHandler: invalid(), whose XML block comes first
                exchange.setProperty(ExchangeProperties.REFUSAL,
                        new BbbError("missingParamRecordID", "You must specify a recordID."));
                return;
            }
            // RecordingController.putRecordingTextTrack: respondWithError(), JSON only
            answerJson(exchange, "FAILED", "paramError", "Missing param recordID.");
            return;
        }
        String id = recordID;
        Node node = !enabled ? null : index.get(id).filter(r -> visibleTo(r, tenant))
                .flatMap(r -> registry.node(r.nodeName())).orElse(null);
        if (node == null) {
            // RecMetaXmlHelper.getRecordingTextTracks for a recording it does not have
            answerJson(exchange, "FAILED", "noRecordings", "No recording found for " + id);
            return;
        }
        NodeCall call = upload
                ? NodeCalls.signed(node, request.call(), request.unsignedQuery(), "POST", request.contentType(),
                        request.body(), nodeTimeoutMillis)
                : NodeCalls.signed(node, request.call(), request.queryWithForm(), "GET", null, null,
                        nodeTimeoutMillis);
        exchange.setProperty(ExchangeProperties.NODE_CALL, call);
        exchange.setProperty(ExchangeProperties.NODE, node);
    }

    private static void answerJson(Exchange exchange, String returncode, String messageKey, String message) {
        Map<String, String> response = new LinkedHashMap<>();
        response.put("returncode", returncode);
        response.put("messageKey", messageKey);
        response.put("message", message);
        try {
            exchange.getMessage().setBody(JSON.writeValueAsString(Map.of("response", response)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, JSON_CONTENT_TYPE);
    }
}
