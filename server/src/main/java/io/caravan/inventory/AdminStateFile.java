package io.caravan.inventory;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code state.json} in caravan.data-dir: the admin API's node and tenant changes, one map per inventory section. It
 * holds node and tenant secrets, so it is readable by
 * its owner only; it is replaced atomically, so a crash while saving leaves the previous state, never half a file.
 */
public final class AdminStateFile implements AdminState {

    /** The inventory sections the admin API changes. */
    public static final List<String> SECTIONS = List.of("nodes", "tenants");

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();

    public AdminStateFile(Path dataDir) {
        this.file = dataDir.resolve("state.json");
    }

    public Path path() {
        return file;
    }

    /** Each section's changes by entry name; a section the file does not have is empty. */
    @Override
    public Map<String, Map<String, NodeChange>> load() {
        if (!Files.exists(file)) {
            return fromJson(json.createObjectNode());
        }
        try {
            return fromJson(json.readTree(file.toFile()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read admin state " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file holds changes, e.g. to carry them into Redis. */
    public boolean exists() {
        return Files.exists(file);
    }

    /** The changes of a saved document ({@link #toJson}); a missing section is empty. */
    public static Map<String, Map<String, NodeChange>> fromJson(JsonNode root) {
        Map<String, Map<String, NodeChange>> changes = new LinkedHashMap<>();
        SECTIONS.forEach(section -> changes.put(section, new LinkedHashMap<>()));
        for (String section : SECTIONS) {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path(section).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode entry = e.getValue().get("entry");
                changes.get(section).put(e.getKey(), new NodeChange(e.getValue().path("base").asText(""),
                        e.getValue().path("removed").asBoolean(false),
                        entry instanceof ObjectNode o ? o : null));
            }
        }
        return changes;
    }

    public static ObjectNode toJson(ObjectMapper json, Map<String, Map<String, NodeChange>> changes) {
        ObjectNode root = json.createObjectNode();
        root.put("version", 1);
        for (String section : SECTIONS) {
            ObjectNode entries = root.putObject(section);
            changes.getOrDefault(section, Map.of()).forEach((name, change) -> {
                ObjectNode n = entries.putObject(name);
                n.put("base", change.base());
                n.put("removed", change.removed());
                if (change.entry() != null) {
                    n.set("entry", change.entry());
                }
            });
        }
        return root;
    }

    /** Only this instance writes its file, so nobody else can have changed it. */
    @Override
    public boolean changedElsewhere() {
        return false;
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public void save(Map<String, Map<String, NodeChange>> changes) {
        ObjectNode root = toJson(json, changes);
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling("state.json.tmp");
            Files.deleteIfExists(temp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(temp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot save admin state " + file + ": " + e.getMessage(), e);
        }
    }
}
