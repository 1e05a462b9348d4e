package io.caravan.admin;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code state.json} in caravan.data-dir: the admin API's node changes. It holds node secrets, so it is readable by
 * its owner only; it is replaced atomically, so a crash while saving leaves the previous state, never half a file.
 */
public final class AdminStateFile {

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();

    public AdminStateFile(Path dataDir) {
        this.file = dataDir.resolve("state.json");
    }

    public Path path() {
        return file;
    }

    public Map<String, NodeChange> load() {
        Map<String, NodeChange> changes = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return changes;
        }
        try {
            JsonNode nodes = json.readTree(file.toFile()).path("nodes");
            for (Iterator<Map.Entry<String, JsonNode>> it = nodes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode entry = e.getValue().get("entry");
                changes.put(e.getKey(), new NodeChange(e.getValue().path("base").asText(""),
                        e.getValue().path("removed").asBoolean(false),
                        entry instanceof ObjectNode o ? o : null));
            }
            return changes;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read admin state " + file + ": " + e.getMessage(), e);
        }
    }

    public void save(Map<String, NodeChange> changes) {
        ObjectNode root = json.createObjectNode();
        root.put("version", 1);
        ObjectNode nodes = root.putObject("nodes");
        changes.forEach((name, change) -> {
            ObjectNode n = nodes.putObject(name);
            n.put("base", change.base());
            n.put("removed", change.removed());
            if (change.entry() != null) {
                n.set("entry", change.entry());
            }
        });
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
