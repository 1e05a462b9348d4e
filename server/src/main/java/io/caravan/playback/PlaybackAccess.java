package io.caravan.playback;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.caravan.catalog.CatalogEntry;
import io.caravan.catalog.Recording;
import io.caravan.catalog.RecordingCatalog;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The second step of playback (routes/playback.camel.yaml): whether the recording may be played. Only a recording
 * of the catalog whose state is published is; unknown, unpublished and deleted ones are refused 404, the same
 * answer, so the refusal tells nobody which recordIDs exist. A protected recording ({@code updateRecordings
 * protect=true}) is played through a one-time link: its first use is redirected to the same URL without the token,
 * with the cookies that grant the recording ({@link PlaybackCookies}); later requests need those cookies. A link
 * used before, expired, forged or for another recording is refused 403, unless the browser holds the recording's
 * cookie already (someone who reopens a link they used). The player's own files need no recording.
 */
public final class PlaybackAccess {

    private static final String PUBLISHED = "published";

    private final Supplier<Optional<RecordingCatalog>> catalog;
    private final PlaybackTokens tokens;
    private final PlaybackCookies cookies;

    /** @param catalog the recordings catalog, empty while none exists (then nothing is playable) */
    public PlaybackAccess(Supplier<Optional<RecordingCatalog>> catalog, PlaybackTokens tokens,
            PlaybackCookies cookies) {
        this.catalog = catalog;
        this.tokens = tokens;
        this.cookies = cookies;
    }

    /**
     * Sets the exchange property playbackRecording to the recording, or refuses the request (playbackRefusal), or
     * answers a redeemed link with a redirect (playbackRedirect).
     */
    public void check(Exchange exchange,
            @ExchangeProperty(ExchangeProperties.PLAYBACK_REQUEST) PlaybackRequest request) {
        if (request.playerFile() != null) {
            return; // the player's scripts and styles, the same for every recording
        }
        String recordId = request.path().recordId();
        Optional<Recording> found = catalog.get().flatMap(recordings -> recordings.find(recordId))
                .map(CatalogEntry::recording).filter(recording -> PUBLISHED.equals(recording.state()));
        if (found.isEmpty() || request.playerPage() && found.get().formats().stream()
                .noneMatch(format -> format.type().equals("presentation"))) {
            PlaybackRequests.refuse(exchange, request.rawPath(), PlaybackRefusal.notFound("recording not found\n"),
                    found.isEmpty() ? "no published recording " + recordId : "no presentation");
            return;
        }
        Recording recording = found.get();
        exchange.setProperty(ExchangeProperties.PLAYBACK_RECORDING, recording);
        if (!recording.protectedPlayback()) {
            return;
        }
        boolean granted = cookies.grants(recordId, request.cookies());
        if (request.token() == null) {
            if (!granted) {
                PlaybackRequests.refuse(exchange, request.rawPath(), PlaybackRefusal.forbidden("this recording is"
                        + " protected: open it through the link its recordings list gives\n"), "no cookie");
            }
            return;
        }
        // redeemed even when the cookie would do, so that the link cannot be used by anyone later
        PlaybackTokens.Redemption redemption = tokens.redeem(recordId, request.token());
        if (redemption == PlaybackTokens.Redemption.REDEEMED || granted) {
            exchange.setProperty(ExchangeProperties.PLAYBACK_REDIRECT, new PlaybackRedirect(302,
                    request.withoutToken(), redemption == PlaybackTokens.Redemption.REDEEMED
                            ? cookies.grant(recording, request.secure()) : List.of()));
            return;
        }
        String why = switch (redemption) {
            case SPENT -> "this playback link was used already; ask for a new one\n";
            case EXPIRED -> "this playback link has expired; ask for a new one\n";
            default -> "this playback link is not valid for this recording\n";
        };
        PlaybackRequests.refuse(exchange, request.rawPath(), PlaybackRefusal.forbidden(why), redemption.name());
    }
}
