package io.caravan.voice;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.bbb.QueryParams;
import io.caravan.routes.ExchangeProperties;
import io.caravan.shared.StoreUnavailable;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The voiceBridge (dial-in PIN) of every new meeting, unique over all nodes: each bbb-web draws its numbers alone, so
 * two nodes can give one PIN to two meetings and a phone gateway could not tell where a caller belongs. A create
 * that places a new meeting gets a free number of the configured range, drawn at random as bbb-web draws its own; a
 * client's own voiceBridge is kept when free and refused as bbb-web refuses it when another meeting has it
 * (nonUniqueVoiceBridge). A meeting holding a number keeps it when created again. Numbers are released when the
 * meeting ends (an end, a poll that no longer shows it), or after their time to live if no poll sees them.
 */
public final class VoiceBridges {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceBridges.class);
    /** Candidates tried in one claim (one Redis round trip), and rounds before the range counts as full. */
    static final int CANDIDATES = 16;
    static final int ROUNDS = 8;
    /**
     * How long a number is held for a meeting no poll has shown yet: a create the node refused leaves no meeting for
     * a poll to drop, and its number comes free after this; the first poll that shows the meeting gives it the TTL.
     */
    static final long PLACING_MILLIS = 5 * 60_000;

    private final VoiceBridgeClaims claims;
    private final long min;
    private final long max;
    private final long ttlMillis;
    private final long placingMillis;
    private final String dialNumber;

    /**
     * @param min        the smallest number drawn (caravan.voice-bridge.min)
     * @param max        the largest (caravan.voice-bridge.max)
     * @param dialNumber the dialNumber of a create that names none; empty: the node's default
     */
    public VoiceBridges(VoiceBridgeClaims claims, long min, long max, long ttlMillis, String dialNumber) {
        this.claims = claims;
        this.min = min;
        this.max = max;
        this.ttlMillis = ttlMillis;
        this.placingMillis = Math.min(ttlMillis, PLACING_MILLIS);
        this.dialNumber = dialNumber;
    }

    /**
     * The create step: the request gets the meeting's number (and the default dialNumber). A new meeting's create is
     * refused when that cannot be (a client's number another meeting has, a full range, no Redis); a create of a
     * meeting already on a node claims too, as a create of the same meeting through another instance may be placing it
     * at this moment and both must send the same number, but goes on unchanged when it cannot (the node answers
     * duplicateWarning with the number it has). A breakout room goes on unchanged: BBB derives its number from its
     * parent's. A refusal is recorded in {@link ExchangeProperties#REFUSAL}.
     */
    public void allocate(Exchange exchange, @ExchangeProperty(ExchangeProperties.MEETING_ID) String meetingId,
            @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.CREATE_PLACED_NEW) Boolean placedNew,
            @ExchangeProperty(ExchangeProperties.BREAKOUT_ROOM) Boolean breakout) {
        if (Boolean.TRUE.equals(breakout)) {
            return;
        }
        boolean newMeeting = Boolean.TRUE.equals(placedNew);
        try {
            String number = claimFor(meetingId, blankToNull(request.param("voiceBridge")));
            exchange.setProperty(ExchangeProperties.API_REQUEST, withNumbers(request, number));
        } catch (BbbError refusal) {
            if (newMeeting) {
                exchange.setProperty(ExchangeProperties.REFUSAL, refusal);
            }
        } catch (StoreUnavailable e) {
            if (newMeeting) {
                exchange.setProperty(ExchangeProperties.REFUSAL, BbbError.sharedStateUnavailable());
            }
        }
    }

    /** The number a new meeting gets: the one it holds, the client's when free, else a free one of the range. */
    String claimFor(String meetingId, String clientNumber) {
        if (clientNumber != null) {
            String number = claims.claim(meetingId, List.of(clientNumber), placingMillis);
            if (number == null) {
                throw BbbError.nonUniqueVoiceBridge();
            }
            return number;
        }
        for (int round = 0; round < ROUNDS; round++) {
            String number = claims.claim(meetingId, candidates(), placingMillis);
            if (number != null) {
                return number;
            }
        }
        LOG.warn("no free voiceBridge found for meeting {} in {}..{} after {} tries; the range is (nearly) full",
                meetingId, min, max, ROUNDS * CANDIDATES);
        throw BbbError.noVoiceBridgeAvailable();
    }

    private List<String> candidates() {
        long size = max - min + 1;
        List<String> candidates = new ArrayList<>(CANDIDATES);
        for (int i = 0; i < CANDIDATES && i < size * 2; i++) {
            candidates.add(Long.toString(min + ThreadLocalRandom.current().nextLong(size)));
        }
        return candidates;
    }

    /** The node meetingID of the meeting holding this number, or null. */
    public String meetingOf(String number) {
        return claims.meetingOf(number);
    }

    /** A meeting ended (an end call): its number is free. */
    public void ended(String meetingId) {
        release(meetingId, false);
    }

    /**
     * A poll no longer shows the meeting: its number is free if a poll had shown it before. A meeting placed just
     * before the poll started may not have reached its node yet; its number waits for the next polls or expires.
     */
    public void dropped(String meetingId) {
        release(meetingId, true);
    }

    private void release(String meetingId, boolean seenOnly) {
        try {
            claims.release(meetingId, seenOnly);
        } catch (StoreUnavailable e) {
            LOG.debug("voiceBridge of {} not released ({}); its time to live will", meetingId, e.getMessage());
        }
    }

    /** A poll saw these meetings running: their numbers stay theirs. */
    public void stillRunning(Collection<String> meetingIds) {
        if (meetingIds.isEmpty()) {
            return;
        }
        try {
            claims.keep(meetingIds, ttlMillis);
        } catch (StoreUnavailable e) {
            LOG.debug("voiceBridges not kept ({}); the next poll tries again", e.getMessage());
        }
    }

    /** The request with voiceBridge set to the number, and the default dialNumber when it names none. */
    private ApiRequest withNumbers(ApiRequest request, String number) {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("voiceBridge", number);
        if (!dialNumber.isEmpty() && blankToNull(request.param("dialNumber")) == null) {
            set.put("dialNumber", dialNumber);
        }
        Map<String, List<String>> params = new LinkedHashMap<>(request.params());
        StringBuilder query = new StringBuilder(QueryParams.remove(request.unsignedQuery(), set.keySet()));
        set.forEach((name, value) -> {
            params.put(name, List.of(value));
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(QueryParams.encode(name)).append('=').append(QueryParams.encode(value));
        });
        byte[] body = request.body();
        if (request.hasForm()) {
            body = QueryParams.remove(new String(body, StandardCharsets.UTF_8), Set.copyOf(set.keySet()))
                    .getBytes(StandardCharsets.UTF_8);
        }
        return request.withParameters(query.toString(), params, body);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
