package io.caravan.playback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * bbb-playback, the presentation player, as the operator installs its built files in
 * caravan.recordings.playback.player-dir (the same files BBB's nginx serves under /playback/presentation/2.3/).
 * A path names one of its files, or else is a page of the single-page player: its index.html.
 */
public final class PresentationPlayer {

    private static final String PAGE = "index.html";

    private final Path dir;

    /** @param dir the player's directory; null when no player is installed */
    public PresentationPlayer(Path dir) {
        this.dir = dir;
    }

    public boolean installed() {
        return dir != null;
    }

    /**
     * The player's file at {@code path} (relative, already checked by {@link PlaybackPath}), when it is a regular
     * file inside the directory, links resolved; empty for anything else.
     */
    public Optional<Path> file(String path) throws IOException {
        if (dir == null || path.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path base = dir.toRealPath();
            Path candidate = base.resolve(path).normalize();
            if (!candidate.startsWith(base) || !Files.isRegularFile(candidate)) {
                return Optional.empty();
            }
            Path real = candidate.toRealPath();
            return real.startsWith(base) ? Optional.of(real) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The player's page, which plays the recording its URL names; empty when the directory has none. */
    public Optional<Path> page() throws IOException {
        return file(PAGE);
    }
}
