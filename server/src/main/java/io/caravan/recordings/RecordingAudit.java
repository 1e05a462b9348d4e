package io.caravan.recordings;

import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of what Caravan erases or withdraws of recordings (logger {@code caravan.audit}, its own so that
 * operators can send it to a file of its own): one line per recording, naming it, where it was, who asked and why,
 * for operators who must show what was erased and when. Values come from clients (a meetingID can hold anything):
 * any but plain ones are quoted and escaped, so that no value can forge a line.
 */
final class RecordingAudit {

    static final String LOGGER = "caravan.audit";

    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._~:@/+-]+");

    private RecordingAudit() {
    }

    /**
     * @param where  {@code storage} (Caravan's own) or {@code node:<name>}
     * @param by     who asked: {@code admin}, {@code retention}, ...
     * @param reason why, or null
     */
    static void deleted(String recordId, String meetingId, String tenant, String where, String by, String reason) {
        AUDIT.info("recording deleted: recordID={} meetingID={} tenant={} where={} by={}{}", value(recordId),
                value(meetingId), value(tenant), value(where), value(by), reason(reason));
    }

    static void unpublished(String recordId, String meetingId, String tenant, String by, String reason) {
        AUDIT.info("recording unpublished: recordID={} meetingID={} tenant={} where=storage by={}{}", value(recordId),
                value(meetingId), value(tenant), value(by), reason(reason));
    }

    private static String reason(String reason) {
        return reason == null ? "" : " reason=" + value(reason);
    }

    static String value(String text) {
        if (text == null) {
            return "-";
        }
        if (PLAIN.matcher(text).matches()) {
            return text;
        }
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
