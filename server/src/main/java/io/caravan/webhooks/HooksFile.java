package io.caravan.webhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The hooks of one instance, in memory and in {@code <caravan.data-dir>/hooks.json}, so that they survive a restart.
 * Every change rewrites the file whole, through a temporary file moved into place, so a crash leaves the old file or
 * the new one, never half of one. Hooks change rarely (an application registers its few at start), so that is cheap.
 */
public final class HooksFile implements Hooks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Hook> hooks = new LinkedHashMap<>();

    public HooksFile(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                for (Hook hook : JSON.readValue(file.toFile(), new TypeReference<List<Hook>>() {
                })) {
                    hooks.put(hook.id(), hook);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the hooks in " + file, e);
            }
        }
    }

    @Override
    public synchronized List<Hook> all() {
        return List.copyOf(hooks.values());
    }

    @Override
    public synchronized Hook addUnlessPresent(Hook hook) {
        for (Hook existing : hooks.values()) {
            if (existing.sameTarget(hook)) {
                return existing;
            }
        }
        hooks.put(hook.id(), hook);
        save();
        return hook;
    }

    @Override
    public synchronized boolean remove(String id) {
        if (hooks.remove(id) == null) {
            return false;
        }
        save();
        return true;
    }

    private void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new ArrayList<>(hooks.values())));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hooks to " + file, e);
        }
    }
}
