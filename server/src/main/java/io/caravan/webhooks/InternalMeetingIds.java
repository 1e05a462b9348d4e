package io.caravan.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The meetingID (as the node knows it, with the tenant's namespace) of a node's internal meeting ID, for raw events,
 * most of which name the internal ID only. bbb-web makes the internal ID {@code sha1(meetingID)-createTime}, so the
 * hash part is enough: it is remembered from the events that carry both IDs (every mapped event, a raw
 * MeetingCreatedEvtMsg) and otherwise looked for among the meetings the polls saw, which another instance's events
 * or a restart leave as the only source.
 */
public final class InternalMeetingIds {

    /** Meetings are far fewer; past this the map is cleared rather than kept in order, and refilled as events come. */
    private static final int CAPACITY = 50_000;

    private final Supplier<Collection<String>> polledMeetingIds;
    private final Map<String, String> byHash = new ConcurrentHashMap<>();

    /** @param polledMeetingIds the meetingIDs on the nodes at their last polls */
    public InternalMeetingIds(Supplier<Collection<String>> polledMeetingIds) {
        this.polledMeetingIds = polledMeetingIds;
    }

    public void remember(String internalId, String meetingId) {
        String hash = hash(internalId);
        if (hash == null || meetingId == null || meetingId.equals(byHash.get(hash))) {
            return;
        }
        if (byHash.size() >= CAPACITY) {
            byHash.clear();
        }
        byHash.put(hash, meetingId);
    }

    /** The meetingID whose internal ID that is, or null when neither an event nor a poll has shown it. */
    public String meetingId(String internalId) {
        String hash = hash(internalId);
        if (hash == null) {
            return null;
        }
        String known = byHash.get(hash);
        if (known != null) {
            return known;
        }
        for (String meetingId : polledMeetingIds.get()) {
            if (hash.equals(sha1(meetingId))) {
                remember(internalId, meetingId);
                return meetingId;
            }
        }
        return null;
    }

    private static String hash(String internalId) {
        if (internalId == null) {
            return null;
        }
        int dash = internalId.indexOf('-');
        String hash = dash < 0 ? internalId : internalId.substring(0, dash);
        return hash.length() == 40 ? hash : null;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JVM without SHA-1", e);
        }
    }
}
