package io.caravan.emulator;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The failed checks of one request, collected the way bbb-web's ValidationService does: into a {@link HashMap} from
 * message key to message, of which ApiController reports checksumError if present and otherwise the first entry in
 * the map's iteration order. Which failure wins when several do is therefore decided by the keys' hash buckets, not
 * by the order of the checks; using the JDK's HashMap here reproduces bbb-web's choice for every pair of distinct
 * keys.
 */
final class Violations {

    private final Map<String, String> byKey = new HashMap<>();

    Violations add(ApiError error) {
        byKey.put(error.messageKey(), error.message());
        return this;
    }

    Violations addIf(boolean failed, ApiError error) {
        return failed ? add(error) : this;
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** The failure bbb-web reports, if any. */
    Optional<ApiError> reported() {
        String checksum = byKey.get(ApiError.CHECKSUM_ERROR.messageKey());
        if (checksum != null) {
            return Optional.of(new ApiError(ApiError.CHECKSUM_ERROR.messageKey(), checksum));
        }
        return byKey.entrySet().stream().findFirst().map(e -> new ApiError(e.getKey(), e.getValue()));
    }
}
