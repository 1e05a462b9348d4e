package io.caravan.playback;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.caravan.catalog.Recording;
import io.caravan.routes.ExchangeProperties;
import io.caravan.storage.PlaybackFile;
import io.caravan.storage.RecordingStore;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first and third steps of playback (routes/playback.camel.yaml): what a request asks ({@link #read}), and the
 * file that answers it ({@link #locate}): a recording's file from the store, or the presentation player's. Requests
 * for nothing Caravan has are refused 404 in the exchange property playbackRefusal, logged at debug only: anyone
 * can send them, and many do.
 */
public final class PlaybackRequests {

    private static final Logger LOG = LoggerFactory.getLogger(PlaybackRequests.class);
    private static final String NOT_FOUND = "recording not found\n";

    private final RecordingStore store;
    private final PresentationPlayer player;

    public PlaybackRequests(RecordingStore store, PresentationPlayer player) {
        this.store = store;
        this.player = player;
    }

    /**
     * Reads the request into the exchange property playbackRequest and drops its headers. A path that is no playback
     * path, and the player's paths while no player is installed, are refused; a recording's directory named without
     * its slash is redirected to it (playbackRedirect).
     */
    public void read(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String uri = in.getHeader(Exchange.HTTP_URI, "/", String.class);
        String url = in.getHeader(Exchange.HTTP_URL, "", String.class);
        String forwardedProto = in.getHeader("X-Forwarded-Proto", String.class);
        String range = in.getHeader("Range", String.class);
        String ifRange = in.getHeader("If-Range", String.class);
        String ifNoneMatch = in.getHeader("If-None-Match", String.class);
        String ifModifiedSince = in.getHeader("If-Modified-Since", String.class);
        String cookies = in.getHeader("Cookie", String.class);
        in.getHeaders().clear();
        in.setBody(null);

        String target = originForm(uri);
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String rawQuery = question < 0 ? "" : target.substring(question + 1);
        Optional<PlaybackPath> parsed = PlaybackPath.of(rawPath);
        if (parsed.isEmpty()) {
            refuse(exchange, rawPath, PlaybackRefusal.notFound(NOT_FOUND), "not a playback path");
            return;
        }
        PlaybackPath path = parsed.get();
        List<String> rest = new ArrayList<>();
        String token = null;
        for (String parameter : rawQuery.split("&")) {
            if (parameter.startsWith("token=")) {
                token = decoded(parameter.substring(6));
            } else if (!parameter.isEmpty()) {
                rest.add(parameter);
            }
        }
        String query = String.join("&", rest);
        if (path.kind() == PlaybackPath.Kind.DIRECTORY) {
            exchange.setProperty(ExchangeProperties.PLAYBACK_REDIRECT, new PlaybackRedirect(301,
                    rawQuery.isEmpty() ? path.file() : path.file() + "?" + rawQuery, List.of()));
            return;
        }
        Path playerFile = null;
        if (path.kind() == PlaybackPath.Kind.PLAYER) {
            if (!player.installed()) {
                refuse(exchange, rawPath, PlaybackRefusal.notFound("the presentation player (bbb-playback) is not"
                        + " installed here: caravan.recordings.playback.player-dir names its directory\n"),
                        "no player-dir");
                return;
            }
            playerFile = player.file(path.file()).orElse(null);
            if (playerFile == null && path.recordId() == null) {
                refuse(exchange, rawPath, PlaybackRefusal.notFound("not found\n"), "not a file of the player");
                return;
            }
        }
        boolean secure = url.toLowerCase(Locale.ROOT).startsWith("https:")
                || forwardedProto != null && forwardedProto.trim().equalsIgnoreCase("https");
        exchange.setProperty(ExchangeProperties.PLAYBACK_REQUEST, new PlaybackRequest(path, playerFile,
                "HEAD".equalsIgnoreCase(method), secure, rawPath, query, token, range, ifRange, ifNoneMatch,
                ifModifiedSince, cookies));
    }

    /**
     * Finds the file that answers the request, in the exchange property playbackFile: the player's file or page, or
     * the recording's file in its tenant's store. A file that is not there is refused; a file in object storage is a
     * redirect to it (playbackRedirect), never cached longer than its URL lives.
     */
    public void locate(Exchange exchange, @ExchangeProperty(ExchangeProperties.PLAYBACK_REQUEST) PlaybackRequest request,
            @ExchangeProperty(ExchangeProperties.PLAYBACK_RECORDING) Recording recording) throws IOException {
        Optional<PlaybackFile> file;
        if (request.playerFile() != null) {
            file = local(request.playerFile());
        } else if (request.playerPage()) {
            Optional<Path> page = player.page();
            file = page.isPresent() ? local(page.get()) : Optional.empty();
        } else {
            file = store.file(recording.tenant(), recording.recordId(), request.path().file());
        }
        if (file.isEmpty()) {
            refuse(exchange, request.rawPath(), PlaybackRefusal.notFound("not found\n"), "no such file");
            return;
        }
        if (file.get().redirect() != null) {
            exchange.setProperty(ExchangeProperties.PLAYBACK_REDIRECT,
                    new PlaybackRedirect(302, file.get().redirect().toString(), List.of()));
            return;
        }
        exchange.setProperty(ExchangeProperties.PLAYBACK_FILE, file.get());
    }

    private static Optional<PlaybackFile> local(Path file) throws IOException {
        try {
            return Optional.of(PlaybackFile.local(file, Files.size(file),
                    PlaybackFile.contentTypeOf(file.getFileName().toString())));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // the operator is replacing the player
        }
    }

    /** A query value; a malformed one is kept as it is (a token is checked, and refused, anyway). */
    private static String decoded(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /** The request target without scheme and host, should a client send it in absolute form. */
    private static String originForm(String uri) {
        int scheme = uri.indexOf("://");
        if (uri.startsWith("/") || scheme < 0) {
            return uri;
        }
        int path = uri.indexOf('/', scheme + 3);
        return path < 0 ? "/" : uri.substring(path);
    }

    static void refuse(Exchange exchange, String path, PlaybackRefusal refusal, String why) {
        LOG.debug("playback of {} refused {}: {}", path, refusal.status(), why);
        exchange.setProperty(ExchangeProperties.PLAYBACK_REFUSAL, refusal);
    }
}
