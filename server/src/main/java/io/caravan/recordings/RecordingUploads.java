package io.caravan.recordings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.inventory.Node;
import io.caravan.inventory.Tenants;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import io.caravan.storage.ImportedRecording;
import io.caravan.storage.RecordingMetadata;
import io.caravan.storage.RecordingRefused;
import io.caravan.storage.RecordingStore;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of {@code POST /recordings/upload} (routes/recordings.camel.yaml): a node sends one of its published
 * recordings as a tar of {@code <format>/<recordID>/...} (deploy/bbb/caravan-recording-upload does), Caravan checks
 * who sends it, verifies the archive while it streams into the store, records it in the catalog, and answers in JSON.
 *
 * <p>A node authenticates with {@code Authorization: Bearer <node name>:<credential>}, the credential being the hex
 * HMAC-SHA256 of {@code caravan-recording-upload:<node name>} keyed with the node's own BBB secret: a node knows only
 * its own secret, so it can upload only as itself, and there is no extra key to hand out or rotate (changing the
 * node's secret in the inventory changes it).
 */
public final class RecordingUploads {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingUploads.class);
    private static final String PURPOSE = "caravan-recording-upload:";

    private final NodeRegistry registry;
    private final RecordingTenant tenants;
    private final RecordingStore store;
    private final RecordingCatalogue catalogue;
    private final ImportLog imports;
    private final long maxBytes;
    private final long idleTimeoutMillis;
    private final ObjectMapper json = new ObjectMapper();

    public RecordingUploads(NodeRegistry registry, Tenants tenants, RecordingStore store,
            RecordingCatalogOnDemand catalog, ImportLog imports, long maxBytes, long idleTimeoutMillis) {
        this.registry = registry;
        this.tenants = new RecordingTenant(tenants);
        this.store = store;
        this.catalogue = new RecordingCatalogue(store, catalog);
        this.imports = imports;
        this.maxBytes = maxBytes;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    /** A JSON answer: status and body. */
    public record Answer(int status, Map<String, Object> body) {

        static Answer error(int status, String message, String reason) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message);
            if (reason != null) {
                body.put("reason", reason);
            }
            return new Answer(status, body);
        }
    }

    /** The credential of a node (what its upload script computes from the node's secret). */
    public static String credential(String nodeName, String nodeSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(nodeSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((PURPOSE + nodeName).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Checks the node's credential; a missing or wrong one is refused (401) in the exchange property uploadRefusal. */
    public void authorize(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Authorization", "", String.class);
        Optional<Node> node = Optional.empty();
        if (header.startsWith("Bearer ") && header.indexOf(':') > 7) {
            String name = header.substring(7, header.indexOf(':'));
            String given = header.substring(header.indexOf(':') + 1).trim();
            node = registry.node(name).filter(candidate -> MessageDigest.isEqual(
                    credential(candidate.name(), candidate.secret()).getBytes(StandardCharsets.UTF_8),
                    given.getBytes(StandardCharsets.UTF_8)));
        }
        if (node.isEmpty()) {
            exchange.setProperty(ExchangeProperties.UPLOAD_REFUSAL, Answer.error(401,
                    "a node's credential is required: Authorization: Bearer <node name>:<credential> "
                            + "(deploy/bbb/caravan-recording-upload computes it)", null));
            return;
        }
        exchange.setProperty(ExchangeProperties.UPLOAD_NODE, node.get());
    }

    /**
     * Streams the upload into the store. The recording's meetingID decides its tenant ({@code <tenant>~<meetingID>},
     * as Caravan namespaces tenants' meetings on the nodes). Answers 201 with what was stored; a refused recording is
     * recorded in uploadRefusal (400, or 413 when it is too large), and nothing of it is kept.
     */
    public Answer store(Exchange exchange, @ExchangeProperty(ExchangeProperties.UPLOAD_NODE) Node node)
            throws IOException {
        return imported(exchange, "upload", node.name(), node.name(), tenants::of);
    }

    /**
     * Step of POST /admin/api/recordings/import: an operator's archive of a recording (one made before Caravan, or
     * on a node that is gone: scalelite#938), into the tenant its meetingID names or the one {@code ?tenant=} names.
     * Same checks and answers as a node's upload.
     */
    public Answer storeForOperator(Exchange exchange, @Header("tenant") String tenant) throws IOException {
        String named = tenant == null || tenant.isBlank() ? null : tenant.strip();
        try {
            Function<RecordingMetadata, String> tenantOf = named == null ? tenants::of
                    : metadata -> tenants.named(named, metadata);
            if (named != null) {
                tenants.named(named);
            }
            return imported(exchange, "admin", "operator", null, tenantOf);
        } catch (RecordingRefused refused) {
            refuse(exchange, "admin", "operator", refused);
            return null;
        }
    }

    private Answer imported(Exchange exchange, String source, String from, String origin,
            Function<RecordingMetadata, String> tenantOf) throws IOException {
        if (!(exchange.getMessage().getBody() instanceof HttpServerRequest request)) {
            throw new IllegalStateException("the upload endpoint must not have a body handler");
        }
        try (InputStream upload = new UploadStream(request, maxBytes, idleTimeoutMillis)) {
            ImportedRecording imported = store.importRecording(tenantOf, upload);
            catalogue.record(imported, origin, false);
            RecordingMetadata metadata = imported.metadata();
            String tenant = RecordingCatalogue.DEFAULT_TENANT.equals(imported.tenant()) ? null : imported.tenant();
            imports.imported(source, from, metadata.recordId(), tenant, imported.bytes());
            LOG.info("recording {} of meeting {} imported ({} from {}) into tenant {}: {} bytes", metadata.recordId(),
                    metadata.meetingId(), source, from, imported.tenant(), imported.bytes());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("recordID", metadata.recordId());
            body.put("meetingID", metadata.meetingId());
            body.put("tenant", tenant);
            body.put("formats", metadata.formats().stream().map(format -> format.type()).toList());
            body.put("bytes", imported.bytes());
            return new Answer(201, body);
        } catch (RecordingRefused refused) {
            refuse(exchange, source, from, refused);
            return null;
        } catch (IOException broken) {
            // the client stopped sending or went silent: nothing was kept
            LOG.warn("recording {} from {} broke off: {}", source, from, broken.getMessage());
            imports.failed(source, from, null, "the upload did not arrive whole: " + broken.getMessage());
            exchange.setProperty(ExchangeProperties.UPLOAD_REFUSAL,
                    Answer.error(400, "the upload did not arrive whole: " + broken.getMessage(), "INCOMPLETE"));
            return null;
        }
    }

    private void refuse(Exchange exchange, String source, String from, RecordingRefused refused) {
        LOG.warn("recording {} from {} refused: {}", source, from, refused.getMessage());
        imports.failed(source, from, null, refused.reason().name() + ": " + refused.getMessage());
        exchange.setProperty(ExchangeProperties.UPLOAD_REFUSAL, Answer.error(
                refused.reason().tooLarge() ? 413 : 400, refused.getMessage(), refused.reason().name()));
    }

    /** Writes the answer (the body, or the refusal) as JSON; nothing else of the exchange reaches the client. */
    public void answer(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        Answer refusal = exchange.getProperty(ExchangeProperties.UPLOAD_REFUSAL, Answer.class);
        Answer answer = refusal != null ? refusal : message.getBody() instanceof Answer a ? a
                : Answer.error(500, "internal error (details in Caravan's log)", null);
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json.writeValueAsString(answer.body()));
    }

    /** An upload that failed for a reason of Caravan's (the store not writable, a bug): 500, logged. */
    public void failed(Exchange exchange, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure)
            throws JsonProcessingException {
        LOG.error("recording upload failed", failure);
        exchange.getMessage().setBody(null);
        exchange.removeProperty(ExchangeProperties.UPLOAD_REFUSAL);
        answer(exchange);
    }
}
