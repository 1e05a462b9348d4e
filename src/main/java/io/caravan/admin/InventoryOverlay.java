package io.caravan.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.nodes.Inventory;
import io.caravan.nodes.InventoryError;
import io.caravan.nodes.InventoryLoader;
import io.caravan.nodes.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The effective inventory: the inventory file with the admin API's changes on top. The file stays the declarative
 * source: it is re-read when it changes, and a node whose file entry changed loses its admin changes (the operator
 * edited the source of truth). Nodes added through the API stay until removed through it; a node removed through
 * the API stays removed until its file entry changes. Every effective inventory goes through the one inventory
 * validator, so a node added through the API is checked exactly like one in the file.
 */
public final class InventoryOverlay {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryOverlay.class);

    private final Path file;
    private final InventoryLoader loader;
    private final AdminStateFile state;
    private final ObjectMapper json = new ObjectMapper();
    private Map<String, NodeChange> changes;
    private JsonNode fileTree;
    private String fileFingerprint;
    private Inventory current;
    private Consumer<Inventory> subscriber = inventory -> { };

    /** Reads the file and the saved changes; an invalid file or state stops startup. */
    public InventoryOverlay(Path file, InventoryLoader loader, AdminStateFile state) {
        this.file = file;
        this.loader = loader;
        this.state = state;
        this.changes = state.load();
        this.fileTree = loader.tree(file);
        this.fileFingerprint = fingerprint(readBytes());
        dropStaleChanges();
        this.current = effective(fileTree, changes);
    }

    /** Who applies each new effective inventory (the node registry). */
    public synchronized void publishTo(Consumer<Inventory> subscriber) {
        this.subscriber = subscriber;
    }

    public synchronized Inventory current() {
        return current;
    }

    /** Re-applies the inventory file when its content changed; a bad file is logged and the running set stays. */
    public synchronized void reloadIfChanged() {
        String fingerprint;
        try {
            fingerprint = fingerprint(readBytes());
        } catch (InventoryError e) {
            LOG.warn("inventory not reloaded: {}", e.getMessage());
            return;
        }
        if (fingerprint.equals(fileFingerprint)) {
            return;
        }
        try {
            JsonNode tree = loader.tree(file);
            Map<String, NodeChange> kept = new LinkedHashMap<>(changes);
            Inventory inventory = effective(tree, withoutStale(tree, kept));
            fileTree = tree;
            fileFingerprint = fingerprint;
            if (!kept.equals(changes)) {
                changes = kept;
                state.save(changes);
            }
            publish(inventory);
            LOG.info("inventory {} reloaded: {} nodes", file, inventory.nodes().size());
        } catch (InventoryError e) {
            fileFingerprint = fingerprint; // logged once per bad version of the file, not every few seconds
            LOG.warn("inventory {} changed but is invalid, keeping the running nodes: {}", file, e.getMessage());
        }
    }

    /** Validates a node entry (inventory keys) as it would be added, without adding it. */
    public synchronized Node validateNew(ObjectNode entry) {
        String name = entry.path("name").asText("");
        if (!name.isBlank() && current.nodes().stream().anyMatch(n -> n.name().equals(name))) {
            throw AdminError.conflict("node '" + name + "' already exists");
        }
        Map<String, NodeChange> candidate = new LinkedHashMap<>(changes);
        candidate.put(name, new NodeChange(base(fileTree, name), false, entry));
        return nodeIn(validate(candidate), name);
    }

    public synchronized Node add(ObjectNode entry) {
        Node node = validateNew(entry);
        Map<String, NodeChange> candidate = new LinkedHashMap<>(changes);
        candidate.put(node.name(), new NodeChange(base(fileTree, node.name()), false, entry));
        commit(candidate);
        return node;
    }

    /** Changes some fields of a node's entry; all or nothing. */
    public synchronized Node update(String name, ObjectNode fields) {
        ObjectNode entry = entryOf(name).deepCopy();
        fields.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                entry.remove(f.getKey());
            } else {
                entry.set(f.getKey(), f.getValue());
            }
        });
        Map<String, NodeChange> candidate = new LinkedHashMap<>(changes);
        candidate.put(name, new NodeChange(base(fileTree, name), false, entry));
        Node node = nodeIn(validate(candidate), name);
        commit(candidate);
        return node;
    }

    public synchronized void remove(String name) {
        entryOf(name);
        Map<String, NodeChange> candidate = new LinkedHashMap<>(changes);
        String base = base(fileTree, name);
        if (base.isEmpty()) {
            candidate.remove(name); // added through the API: nothing left to remember
        } else {
            candidate.put(name, new NodeChange(base, true, null));
        }
        commit(candidate);
    }

    private void commit(Map<String, NodeChange> candidate) {
        Inventory inventory = validate(candidate);
        state.save(candidate);
        changes = candidate;
        publish(inventory);
    }

    private void publish(Inventory inventory) {
        current = inventory;
        subscriber.accept(inventory);
    }

    private Inventory validate(Map<String, NodeChange> candidate) {
        try {
            return effective(fileTree, candidate);
        } catch (InventoryError e) {
            // the message names the entry; the request's node is what the operator must fix
            throw AdminError.badRequest(e.getMessage().replaceFirst("^[^:]*: nodes\\[\\d+\\] ", "node "));
        }
    }

    private static Node nodeIn(Inventory inventory, String name) {
        return inventory.nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> AdminError.badRequest("'name' is required"));
    }

    /** The node's current entry in inventory keys: its admin change, or its file entry. */
    private ObjectNode entryOf(String name) {
        NodeChange change = changes.get(name);
        if (change != null && !change.removed()) {
            return change.entry();
        }
        Optional<ObjectNode> fromFile = change == null ? fileEntry(fileTree, name) : Optional.empty();
        return fromFile.orElseThrow(() -> AdminError.notFound("unknown node '" + name + "'"));
    }

    private Inventory effective(JsonNode tree, Map<String, NodeChange> overlay) {
        ObjectNode doc = tree instanceof ObjectNode o ? o.deepCopy() : json.createObjectNode();
        ArrayNode nodes = json.createArrayNode();
        JsonNode declared = doc.get("nodes");
        if (declared != null && declared.isArray()) {
            for (JsonNode entry : declared) {
                NodeChange change = overlay.get(entry.path("name").asText(""));
                if (change == null) {
                    nodes.add(entry);
                } else if (!change.removed()) {
                    nodes.add(change.entry());
                }
            }
        }
        overlay.forEach((name, change) -> {
            if (change.base().isEmpty() && !change.removed() && fileEntry(tree, name).isEmpty()) {
                nodes.add(change.entry());
            }
        });
        if (declared != null && !declared.isArray() && !declared.isNull()) {
            return loader.read(doc, file.toString()); // reports the file's own mistake
        }
        doc.set("nodes", nodes);
        return loader.read(doc, file.toString());
    }

    private void dropStaleChanges() {
        Map<String, NodeChange> kept = withoutStale(fileTree, new LinkedHashMap<>(changes));
        if (!kept.equals(changes)) {
            changes = kept;
            state.save(changes);
        }
    }

    private Map<String, NodeChange> withoutStale(JsonNode tree, Map<String, NodeChange> overlay) {
        overlay.entrySet().removeIf(e -> {
            boolean stale = !base(tree, e.getKey()).equals(e.getValue().base());
            if (stale) {
                LOG.info("inventory entry of node {} changed: its admin API changes are dropped", e.getKey());
            }
            return stale;
        });
        return overlay;
    }

    private static Optional<ObjectNode> fileEntry(JsonNode tree, String name) {
        JsonNode nodes = tree == null ? null : tree.get("nodes");
        if (nodes != null && nodes.isArray()) {
            for (JsonNode entry : nodes) {
                if (entry instanceof ObjectNode o && name.equals(entry.path("name").asText(null))) {
                    return Optional.of(o);
                }
            }
        }
        return Optional.empty();
    }

    private static String base(JsonNode tree, String name) {
        return fileEntry(tree, name).map(e -> fingerprint(e.toString().getBytes(StandardCharsets.UTF_8))).orElse("");
    }

    private byte[] readBytes() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InventoryError("cannot read inventory file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static String fingerprint(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
