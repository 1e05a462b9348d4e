package io.caravan.recordings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.ApiRequestReader;
import io.caravan.bbb.BbbError;
import io.caravan.bbb.NodeAnswers;
import io.caravan.bbb.NodeCall;
import io.caravan.bbb.NodeCalls;
import io.caravan.bbb.QueryParams;
import io.caravan.nodes.Node;
import io.caravan.nodes.NodeRegistry;
import io.caravan.tenants.Tenant;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.w3c.dom.Element;

/**
 * Recordings through Caravan: the poll that fills the {@link RecordingIndex}, getRecordings answered from it, and
 * publishRecordings, deleteRecordings and updateRecordings split per owning node. A tenant only sees recordings of
 * meetings in its namespace.
 */
public final class Recordings {

    /** Exchange property: the answers of the nodes a change went to. */
    public static final String ANSWERS = "recordingAnswers";
    /** Exchange property: the nodes whose recordings a change touched, polled again at once. */
    public static final String TOUCHED = "recordingNodes";

    private static final String META_PREFIX = "meta_";
    private static final List<String> DEFAULT_STATES = List.of("published", "unpublished");

    private final RecordingIndex index;
    private final NodeRegistry registry;
    private final boolean enabled;
    private final long pollTimeoutMillis;
    private final long nodeTimeoutMillis;

    public Recordings(RecordingIndex index, NodeRegistry registry, boolean enabled, long pollTimeoutMillis,
            long nodeTimeoutMillis) {
        this.index = index;
        this.registry = registry;
        this.enabled = enabled;
        this.pollTimeoutMillis = pollTimeoutMillis;
        this.nodeTimeoutMillis = nodeTimeoutMillis;
    }

    public boolean enabled() {
        return enabled;
    }

    public RecordingIndex index() {
        return index;
    }

    // ---- poll ---------------------------------------------------------------------------------------------------

    /** Every node that is polled for meetings; offline ones fail their call and keep their recordings listed. */
    public List<Node> nodesToPoll() {
        return enabled ? registry.nodesToPoll() : List.of();
    }

    public NodeCall recordingsCall(@Body Node node) {
        return NodeCalls.signed(node, "getRecordings", "state=any", "GET", null, null, pollTimeoutMillis);
    }

    public void recordRecordings(@ExchangeProperty("node") Node node, @Body byte[] answer) {
        List<IndexedRecording> listed = new ArrayList<>();
        for (Element recording : NodeAnswers.recordings(answer)) {
            String recordID = NodeAnswers.text(recording, "recordID");
            if (recordID == null || recordID.isEmpty()) {
                continue;
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            Element meta = NodeAnswers.element(recording, "metadata");
            if (meta != null) {
                for (org.w3c.dom.Node n = meta.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e) {
                        metadata.put(e.getTagName().toLowerCase(Locale.ROOT), e.getTextContent().trim());
                    }
                }
            }
            String meetingID = NodeAnswers.text(recording, "meetingID");
            String state = NodeAnswers.text(recording, "state");
            listed.add(new IndexedRecording(recordID, node.name(), meetingID == null ? "" : meetingID,
                    state == null ? "" : state, Map.copyOf(metadata), NodeAnswers.xml(recording)));
        }
        index.syncNode(node.name(), listed);
    }

    // ---- getRecordings ------------------------------------------------------------------------------------------

    public String list(@ExchangeProperty(ApiRequestReader.PROPERTY) ApiRequest request,
            @ExchangeProperty(Tenant.PROPERTY) Tenant tenant) {
        if (!enabled) {
            return noRecordings();
        }
        Set<String> meetingIDs = meetingIds(request, tenant);
        List<String> recordIDs = commaList(request.param("recordID"));
        List<String> states = commaList(request.param("state"));
        boolean anyState = states.contains("any");
        List<String> wantedStates = states.isEmpty() ? DEFAULT_STATES : states;
        Map<String, String> meta = metaFilter(request);
        Predicate<IndexedRecording> filter = r -> visibleTo(r, tenant)
                && (meetingIDs.isEmpty() || meetingIDs.contains(r.meetingID()))
                && (recordIDs.isEmpty() || recordIDs.stream().anyMatch(r.recordID()::startsWith))
                && (anyState || wantedStates.contains(r.state()))
                && meta.entrySet().stream().allMatch(m -> m.getValue().equals(r.metadata().get(m.getKey())));
        List<IndexedRecording> found = index.find(filter);
        if (found.isEmpty()) {
            return noRecordings();
        }
        StringBuilder xml = new StringBuilder(256 + found.size() * 2048);
        xml.append("<response><returncode>SUCCESS</returncode><recordings>");
        found.forEach(r -> xml.append(r.xml()));
        return xml.append("</recordings></response>").toString();
    }

    private static String noRecordings() {
        return "<response><returncode>SUCCESS</returncode><recordings></recordings><messageKey>noRecordings"
                + "</messageKey><message>There are no recordings for the meeting(s).</message></response>";
    }

    /** The meetingIDs asked for as nodes know them; a tenant's list was namespaced as one value. */
    private static Set<String> meetingIds(ApiRequest request, Tenant tenant) {
        String value = request.param("meetingID");
        if (tenant == null || value == null) {
            return new LinkedHashSet<>(commaList(value));
        }
        String plain = value.startsWith(tenant.namespace()) ? value.substring(tenant.namespace().length()) : value;
        Set<String> ids = new LinkedHashSet<>();
        commaList(plain).forEach(id -> ids.add(tenant.nodeMeetingId(id)));
        return ids;
    }

    private static boolean visibleTo(IndexedRecording recording, Tenant tenant) {
        return tenant == null || tenant.owns(recording.meetingID());
    }

    // ---- publishRecordings, deleteRecordings, updateRecordings --------------------------------------------------

    /**
     * One signed call per node that owns some of the recordIDs, each with only its own recordIDs. Unknown recordIDs
     * are left out; none known at all is bbb-web's notFound.
     */
    public List<NodeCall> changeCalls(Exchange exchange,
            @ExchangeProperty(ApiRequestReader.PROPERTY) ApiRequest request,
            @ExchangeProperty(Tenant.PROPERTY) Tenant tenant) {
        List<String> recordIDs = commaList(request.param("recordID"));
        if (recordIDs.isEmpty()) {
            throw new BbbError("missingParamRecordID", "You must specify one or more a record IDs.");
        }
        if ("publishRecordings".equals(request.call()) && (request.param("publish") == null
                || request.param("publish").isBlank())) {
            throw new BbbError("missingParamPublish", "You must specify publish true or false.");
        }
        if (!enabled) {
            throw notFound();
        }
        Map<String, List<String>> perNode = new LinkedHashMap<>();
        for (String recordID : recordIDs) {
            index.get(recordID).filter(r -> visibleTo(r, tenant))
                    .ifPresent(r -> perNode.computeIfAbsent(r.nodeName(), n -> new ArrayList<>()).add(recordID));
        }
        List<NodeCall> calls = new ArrayList<>();
        List<Node> touched = new ArrayList<>();
        perNode.forEach((nodeName, ids) -> registry.node(nodeName).ifPresent(node -> {
            String query = QueryParams.rewrite(request.unsignedQuery(), "recordID", old -> String.join(",", ids));
            calls.add(NodeCalls.signed(node, request.call(), query, "GET", null, null, nodeTimeoutMillis));
            touched.add(node);
        }));
        if (calls.isEmpty()) {
            throw notFound();
        }
        exchange.setProperty(ANSWERS, java.util.Collections.synchronizedList(new ArrayList<byte[]>()));
        exchange.setProperty(TOUCHED, touched);
        return calls;
    }

    @SuppressWarnings("unchecked")
    public void collect(Exchange exchange, @Body byte[] answer) {
        ((List<byte[]>) exchange.getProperty(ANSWERS, List.class)).add(answer);
    }

    /** SUCCESS when every node succeeded (the first node's answer), else the first failure. */
    public byte[] merge(@ExchangeProperty(ANSWERS) List<byte[]> answers) {
        if (answers.isEmpty()) {
            throw BbbError.nodeUnreachable();
        }
        for (byte[] answer : answers) {
            if (!NodeAnswers.outcome(NodeAnswers.parse(answer)).success()) {
                return answer;
            }
        }
        return answers.get(0);
    }

    private static BbbError notFound() {
        return new BbbError("notFound", "We could not find recordings");
    }

    private static List<String> commaList(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, String> metaFilter(ApiRequest request) {
        Map<String, String> meta = new LinkedHashMap<>();
        request.params().forEach((name, values) -> {
            if (name.startsWith(META_PREFIX) && name.length() > META_PREFIX.length() && !values.isEmpty()) {
                meta.putIfAbsent(name.substring(META_PREFIX.length()).toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return meta;
    }
}
