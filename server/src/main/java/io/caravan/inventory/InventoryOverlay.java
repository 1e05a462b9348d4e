package io.caravan.inventory;
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
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.shared.SharedEvents;
import io.caravan.shared.StoreUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The effective inventory: the inventory file with the admin API's changes to its nodes and tenants on top. The file
 * stays the declarative source: it is re-read when it changes, and a node or tenant whose file entry changed loses its
 * admin changes (the operator edited the source of truth). Entries added through the API stay until removed through
 * it; an entry removed through the API stays removed until its file entry changes. Every effective inventory goes
 * through the one inventory validator, so a node or tenant added through the API is checked exactly like one in the
 * file, and each change is applied as one new inventory (all or nothing).
 */
public final class InventoryOverlay {

    static final String NODES = "nodes";
    static final String TENANTS = "tenants";
    /** Event: an instance saved admin changes. */
    static final String CHANGED = "admin-state-changed";

    private static final Logger LOG = LoggerFactory.getLogger(InventoryOverlay.class);

    private final Path file;
    private final InventoryLoader loader;
    private final AdminState state;
    private final SharedEvents events;
    /** False while the shared admin state could not be read (Redis away at start): it is read when Redis is back. */
    private boolean stateLoaded;
    private final ObjectMapper json = new ObjectMapper();
    /** Changes by section ({@link AdminStateFile#SECTIONS}), then by entry name. */
    private Map<String, Map<String, NodeChange>> changes;
    private JsonNode fileTree;
    private String fileFingerprint;
    private Inventory current;
    private Consumer<Inventory> subscriber = inventory -> { };

    /** Reads the file and the saved changes; an invalid file or state stops startup. */
    public InventoryOverlay(Path file, InventoryLoader loader, AdminStateFile state) {
        this(file, loader, state, SharedEvents.local());
    }

    /**
     * With the admin state shared by instances: other instances' changes are applied when they announce them, and
     * when {@link #syncShared()} finds them. A Redis that is away at start leaves the file's inventory running until
     * it is back.
     */
    public InventoryOverlay(Path file, InventoryLoader loader, AdminState state, SharedEvents events) {
        this.file = file;
        this.loader = loader;
        this.state = state;
        this.events = events;
        try {
            this.changes = state.load();
            this.stateLoaded = true;
        } catch (StoreUnavailable e) {
            LOG.warn("admin changes in {} not readable yet ({}); the inventory file alone applies until they are",
                    state.describe(), e.getMessage());
            this.changes = AdminStateFile.fromJson(json.createObjectNode());
        }
        events.on(CHANGED, event -> {
            try {
                syncShared();
            } catch (StoreUnavailable e) {
                LOG.debug("admin changes of another instance not read yet: {}", e.getMessage());
            }
        });
        this.fileTree = loader.tree(file);
        this.fileFingerprint = fingerprint(readBytes());
        dropStaleChanges();
        this.current = effective(fileTree, changes);
    }

    /** Who applies each new effective inventory (the node registry, which also holds the tenants). */
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
            Map<String, Map<String, NodeChange>> kept = withoutStale(tree, copy(changes));
            Inventory inventory = effective(tree, kept);
            fileTree = tree;
            fileFingerprint = fingerprint;
            if (!kept.equals(changes)) {
                changes = kept;
                saveDropped();
            }
            publish(inventory);
            LOG.info("inventory {} reloaded: {} nodes, {} tenants", file, inventory.nodes().size(),
                    inventory.tenants().size());
        } catch (InventoryError e) {
            fileFingerprint = fingerprint; // logged once per bad version of the file, not every few seconds
            LOG.warn("inventory {} changed but is invalid, keeping the running nodes: {}", file, e.getMessage());
        }
    }

    /**
     * Applies admin changes another instance saved (nothing to do for a single instance). Throws
     * {@link StoreUnavailable} when they cannot be read.
     */
    public synchronized void syncShared() {
        if (stateLoaded && !state.changedElsewhere()) {
            return;
        }
        Map<String, Map<String, NodeChange>> loaded = state.load();
        stateLoaded = true;
        if (loaded.equals(changes)) {
            return;
        }
        try {
            Inventory inventory = effective(fileTree, loaded);
            changes = loaded;
            publish(inventory);
            LOG.info("admin changes of another instance applied: {} nodes, {} tenants", inventory.nodes().size(),
                    inventory.tenants().size());
        } catch (InventoryError e) {
            LOG.warn("admin changes in {} do not fit this instance's inventory file, not applied: {}",
                    state.describe(), e.getMessage());
        }
    }

    /** Before a change: the latest shared state, since the change is computed from it. */
    private void syncForChange() {
        try {
            syncShared();
        } catch (StoreUnavailable e) {
            throw storeUnavailable();
        }
    }

    private static InventoryChangeRefused storeUnavailable() {
        return new InventoryChangeRefused(InventoryChangeRefused.Reason.STORE_UNAVAILABLE, "the shared state store (Redis) is unavailable; nodes and tenants cannot be "
                + "changed until it is back");
    }

    /** Validates a node entry (inventory keys) as it would be added, without adding it. */
    public synchronized Node validateNew(ObjectNode entry) {
        return nodeIn(validate(candidateWithNew(NODES, entry)), entry.path("name").asText(""));
    }

    public synchronized Node add(ObjectNode entry) {
        Map<String, Map<String, NodeChange>> candidate = candidateWithNew(NODES, entry);
        Node node = nodeIn(validate(candidate), entry.path("name").asText(""));
        commit(candidate);
        return node;
    }

    /** The node's current entry in inventory keys (with its secret), for a change computed from it. */
    public synchronized ObjectNode nodeEntry(String name) {
        syncForChange();
        return entryOf(NODES, name).deepCopy();
    }

    /** Changes some fields of a node's entry; all or nothing. */
    public synchronized Node update(String name, ObjectNode fields) {
        Map<String, Map<String, NodeChange>> candidate = candidateWithUpdate(NODES, name, fields);
        Node node = nodeIn(validate(candidate), name);
        commit(candidate);
        return node;
    }

    public synchronized void remove(String name) {
        commit(candidateWithout(NODES, name));
    }

    /** Adds a tenant entry (inventory keys), validated like the inventory file's tenants. */
    public synchronized Tenant addTenant(ObjectNode entry) {
        Map<String, Map<String, NodeChange>> candidate = candidateWithNew(TENANTS, entry);
        Tenant tenant = tenantIn(validate(candidate), entry.path("name").asText(""));
        commit(candidate);
        return tenant;
    }

    /** The tenant's current entry in inventory keys (with its secrets), for a change computed from it. */
    public synchronized ObjectNode tenantEntry(String name) {
        syncForChange();
        return entryOf(TENANTS, name).deepCopy();
    }

    /** Changes some fields of a tenant's entry (a null value removes the field); all or nothing. */
    public synchronized Tenant updateTenant(String name, ObjectNode fields) {
        Map<String, Map<String, NodeChange>> candidate = candidateWithUpdate(TENANTS, name, fields);
        Tenant tenant = tenantIn(validate(candidate), name);
        commit(candidate);
        return tenant;
    }

    public synchronized void removeTenant(String name) {
        commit(candidateWithout(TENANTS, name));
    }

    private Map<String, Map<String, NodeChange>> candidateWithNew(String section, ObjectNode entry) {
        syncForChange();
        String name = entry.path("name").asText("");
        String kind = section.substring(0, section.length() - 1);
        if (name.isBlank()) {
            throw InventoryChangeRefused.invalid("'name' is required");
        }
        if (effectiveEntries(section).contains(name)) {
            throw InventoryChangeRefused.conflict(kind + " '" + name + "' already exists");
        }
        Map<String, Map<String, NodeChange>> candidate = copy(changes);
        candidate.get(section).put(name, new NodeChange(base(fileTree, section, name), false, entry));
        return candidate;
    }

    private Map<String, Map<String, NodeChange>> candidateWithUpdate(String section, String name, ObjectNode fields) {
        syncForChange();
        ObjectNode entry = entryOf(section, name).deepCopy();
        fields.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                entry.remove(f.getKey());
            } else {
                entry.set(f.getKey(), f.getValue());
            }
        });
        Map<String, Map<String, NodeChange>> candidate = copy(changes);
        candidate.get(section).put(name, new NodeChange(base(fileTree, section, name), false, entry));
        return candidate;
    }

    private Map<String, Map<String, NodeChange>> candidateWithout(String section, String name) {
        syncForChange();
        entryOf(section, name);
        Map<String, Map<String, NodeChange>> candidate = copy(changes);
        String base = base(fileTree, section, name);
        if (base.isEmpty()) {
            candidate.get(section).remove(name); // added through the API: nothing left to remember
        } else {
            candidate.get(section).put(name, new NodeChange(base, true, null));
        }
        return candidate;
    }

    private Set<String> effectiveEntries(String section) {
        return NODES.equals(section)
                ? current.nodes().stream().map(Node::name).collect(Collectors.toSet())
                : current.tenants().stream().map(Tenant::name).collect(Collectors.toSet());
    }

    private void commit(Map<String, Map<String, NodeChange>> candidate) {
        Inventory inventory = validate(candidate);
        try {
            state.save(candidate);
        } catch (StoreUnavailable e) {
            throw storeUnavailable();
        }
        changes = candidate;
        publish(inventory);
        events.publish(CHANGED, Map.of());
    }

    private void publish(Inventory inventory) {
        current = inventory;
        subscriber.accept(inventory);
    }

    private Inventory validate(Map<String, Map<String, NodeChange>> candidate) {
        try {
            return effective(fileTree, candidate);
        } catch (InventoryError e) {
            // the message names the entry; the request's node or tenant is what the operator must fix
            throw InventoryChangeRefused.invalid(e.getMessage().replaceFirst("^[^:]*: (node|tenant)s\\[\\d+\\] ", "$1 "));
        }
    }

    private static Node nodeIn(Inventory inventory, String name) {
        return inventory.nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> InventoryChangeRefused.invalid("'name' is required"));
    }

    private static Tenant tenantIn(Inventory inventory, String name) {
        return inventory.tenants().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> InventoryChangeRefused.invalid("'name' is required"));
    }

    /** The entry's current content in inventory keys: its admin change, or its file entry. */
    private ObjectNode entryOf(String section, String name) {
        NodeChange change = changes.get(section).get(name);
        if (change != null && !change.removed()) {
            return change.entry();
        }
        Optional<ObjectNode> fromFile = change == null ? fileEntry(fileTree, section, name) : Optional.empty();
        return fromFile.orElseThrow(() -> InventoryChangeRefused.unknown("unknown " + section.substring(0, section.length() - 1)
                + " '" + name + "'"));
    }

    private Inventory effective(JsonNode tree, Map<String, Map<String, NodeChange>> overlay) {
        ObjectNode doc = tree instanceof ObjectNode o ? o.deepCopy() : json.createObjectNode();
        for (String section : AdminStateFile.SECTIONS) {
            JsonNode declared = doc.get(section);
            if (declared != null && !declared.isArray() && !declared.isNull()) {
                return loader.read(doc, file.toString()); // reports the file's own mistake
            }
        }
        for (String section : AdminStateFile.SECTIONS) {
            Map<String, NodeChange> sectionChanges = overlay.getOrDefault(section, Map.of());
            JsonNode declared = doc.get(section);
            if (sectionChanges.isEmpty()) {
                continue; // the file's own section, untouched
            }
            ArrayNode entries = json.createArrayNode();
            if (declared != null && declared.isArray()) {
                for (JsonNode entry : declared) {
                    NodeChange change = sectionChanges.get(entry.path("name").asText(""));
                    if (change == null) {
                        entries.add(entry);
                    } else if (!change.removed()) {
                        entries.add(change.entry());
                    }
                }
            }
            sectionChanges.forEach((name, change) -> {
                if (change.base().isEmpty() && !change.removed() && fileEntry(tree, section, name).isEmpty()) {
                    entries.add(change.entry());
                }
            });
            doc.set(section, entries);
        }
        return loader.read(doc, file.toString());
    }

    private void dropStaleChanges() {
        Map<String, Map<String, NodeChange>> kept = withoutStale(fileTree, copy(changes));
        if (!kept.equals(changes)) {
            changes = kept;
            saveDropped();
        }
    }

    /**
     * Saves the changes left after the file's edits made some stale. Every instance reads the same file and drops
     * the same changes; when another instance saved them first (or Redis is away), the next sync brings its result.
     */
    private void saveDropped() {
        try {
            state.save(changes);
        } catch (InventoryChangeRefused | StoreUnavailable e) {
            LOG.debug("stale admin changes not saved here: {}", e.getMessage());
        }
    }

    private static Map<String, Map<String, NodeChange>> withoutStale(JsonNode tree,
            Map<String, Map<String, NodeChange>> overlay) {
        overlay.forEach((section, sectionChanges) -> sectionChanges.entrySet().removeIf(e -> {
            boolean stale = !base(tree, section, e.getKey()).equals(e.getValue().base());
            if (stale) {
                LOG.info("inventory entry of {} {} changed: its admin API changes are dropped",
                        section.substring(0, section.length() - 1), e.getKey());
            }
            return stale;
        }));
        return overlay;
    }

    private static Map<String, Map<String, NodeChange>> copy(Map<String, Map<String, NodeChange>> changes) {
        Map<String, Map<String, NodeChange>> copy = new LinkedHashMap<>();
        AdminStateFile.SECTIONS.forEach(section ->
                copy.put(section, new LinkedHashMap<>(changes.getOrDefault(section, Map.of()))));
        return copy;
    }

    private static Optional<ObjectNode> fileEntry(JsonNode tree, String section, String name) {
        JsonNode entries = tree == null ? null : tree.get(section);
        if (entries != null && entries.isArray()) {
            for (JsonNode entry : entries) {
                if (entry instanceof ObjectNode o && name.equals(entry.path("name").asText(null))) {
                    return Optional.of(o);
                }
            }
        }
        return Optional.empty();
    }

    private static String base(JsonNode tree, String section, String name) {
        return fileEntry(tree, section, name)
                .map(e -> fingerprint(e.toString().getBytes(StandardCharsets.UTF_8))).orElse("");
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
