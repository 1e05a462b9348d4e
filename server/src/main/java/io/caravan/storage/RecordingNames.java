package io.caravan.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names every store gives the same meaning: a tenant's name in the store ({@code _} for the default tenant) and
 * the path of a playback file inside a recording, so that a recording's URLs do not change with the store it is in.
 */
final class RecordingNames {

    static final String DEFAULT_TENANT = "_";
    /** the inventory's rule for tenant names (TenantEntries): never "_" nor starting with a dot */
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private RecordingNames() {
    }

    /** The tenant's name in the store; {@code _} for null or empty (the default tenant). */
    static String tenant(String tenant) {
        if (tenant == null || tenant.isEmpty()) {
            return DEFAULT_TENANT;
        }
        if (!TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("not a tenant name: " + tenant);
        }
        return tenant;
    }

    /**
     * What a playback URL may ask for, as {@code a/b/c} without {@code .} or empty parts; empty for a path with
     * {@code ..}, a leading slash, a drive, a backslash or a NUL, which could point outside the recording.
     */
    static Optional<String> playbackPath(String path) {
        if (path == null || path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf(':') >= 0
                || path.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if ("..".equals(part)) {
                return Optional.empty();
            }
            if (!part.isEmpty() && !".".equals(part)) {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
    }
}
