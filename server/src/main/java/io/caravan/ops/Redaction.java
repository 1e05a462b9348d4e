package io.caravan.ops;

import java.util.Collection;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Removes credentials from text the operations endpoints publish. Poll errors come from the HTTP client and may quote
 * the signed URL of the call; a getMeetings checksum without parameters never changes, so it is as good as the node's
 * secret for that call. Query strings are dropped and any secret that still appears is masked.
 */
public final class Redaction {

    private static final Pattern QUERY = Pattern.compile("\\?[^\\s\"'<>]*");
    private static final Pattern CHECKSUM = Pattern.compile("(?i)checksum=[0-9a-f]+");

    private final Supplier<Collection<String>> secrets;

    /** @param secrets every secret in use now (the inventory may change while Caravan runs) */
    public Redaction(Supplier<Collection<String>> secrets) {
        this.secrets = secrets;
    }

    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String clean = CHECKSUM.matcher(QUERY.matcher(text).replaceAll("?…")).replaceAll("checksum=…");
        for (String secret : secrets.get()) {
            if (secret != null && !secret.isEmpty()) {
                clean = clean.replace(secret, "…");
            }
        }
        return clean;
    }
}
