package io.caravan.playback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import io.caravan.catalog.Recording;
import io.caravan.http.FileBody;
import io.caravan.routes.ExchangeProperties;
import io.caravan.storage.PlaybackFile;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of playback (routes/playback.camel.yaml), each counted by {@link PlaybackMetrics}: a file (whole,
 * a range, not modified, or a range it does not have), a redirect, a refusal, a failure. Nothing of the request's
 * headers is in them: the message's headers are replaced by the answer's.
 *
 * <p>A file carries an ETag and Last-Modified from its size and modification time (a recording uploaded again is a
 * new version, with new times), so players and caches revalidate with a 304. Caching: a public recording's files,
 * and the player's scripts and styles, for caravan.recordings.playback.cache-max-age (public: a proxy or CDN may
 * keep them); the player's page {@code no-cache} (it is the page of every recording, and a new player version must
 * reach browsers); a protected recording's files {@code private, no-store}.
 */
public final class PlaybackAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(PlaybackAnswers.class);
    /** IMF-fixdate (RFC 9110, section 5.6.7); the JDK's RFC_1123_DATE_TIME writes days without their leading zero. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String NO_STORE = "no-store";

    private final PlaybackMetrics metrics;
    private final String publicCaching;

    /** @param maxAgeSeconds caravan.recordings.playback.cache-max-age */
    public PlaybackAnswers(PlaybackMetrics metrics, long maxAgeSeconds) {
        this.metrics = metrics;
        this.publicCaching = "public, max-age=" + maxAgeSeconds;
    }

    /** The file of playbackFile, as the request's range and conditions ask. */
    public void file(Exchange exchange, @ExchangeProperty(ExchangeProperties.PLAYBACK_REQUEST) PlaybackRequest request,
            @ExchangeProperty(ExchangeProperties.PLAYBACK_FILE) PlaybackFile file,
            @ExchangeProperty(ExchangeProperties.PLAYBACK_RECORDING) Recording recording) throws IOException {
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file.file());
        } catch (NoSuchFileException e) {
            // replaced or deleted since it was found
            refusal(exchange, PlaybackRefusal.notFound("not found\n"));
            return;
        }
        long size = file.size();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified.toMillis()) + "\"";
        Instant lastModified = modified.toInstant().truncatedTo(ChronoUnit.SECONDS);
        out.setHeader("ETag", etag);
        out.setHeader("Last-Modified", HTTP_DATE.format(lastModified));
        out.setHeader("Cache-Control", recording != null && recording.protectedPlayback() ? "private, no-store"
                : request.playerPage() ? "no-cache" : publicCaching);
        out.setHeader("Accept-Ranges", "bytes");
        out.setHeader("X-Content-Type-Options", "nosniff");
        if (notModified(request, etag, lastModified)) {
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 304);
            out.setBody(null);
            metrics.answered(PlaybackMetrics.Outcome.NOT_MODIFIED);
            return;
        }
        // RFC 9110: Range is for GET only; If-Range that does not match asks for the whole file
        ByteRange range = request.head() || !ifRangeMatches(request.ifRange(), etag, lastModified)
                ? ByteRange.requested(null, size) : ByteRange.requested(request.range(), size);
        if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 416);
            out.setHeader("Content-Range", range.contentRange(size));
            out.setHeader(Exchange.CONTENT_TYPE, TEXT);
            out.setBody("range not satisfiable: the file has " + size + " bytes\n");
            metrics.answered(PlaybackMetrics.Outcome.RANGE_NOT_SATISFIABLE);
            return;
        }
        boolean part = range.kind() == ByteRange.Kind.PART;
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, part ? 206 : 200);
        if (part) {
            out.setHeader("Content-Range", range.contentRange(size));
        }
        out.setHeader(Exchange.CONTENT_TYPE, file.contentType());
        out.setBody(new FileBody(file.file(), range.first(), range.length()));
        metrics.answered(part ? PlaybackMetrics.Outcome.PARTIAL : PlaybackMetrics.Outcome.SERVED);
        if (!request.head()) {
            metrics.sent(range.length());
        }
    }

    /** A redirect: to a directory's slash, past a redeemed link (with its cookies), to object storage. */
    public void redirect(Exchange exchange,
            @ExchangeProperty(ExchangeProperties.PLAYBACK_REDIRECT) PlaybackRedirect redirect) {
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, redirect.status());
        out.setHeader("Location", redirect.location());
        if (!redirect.cookies().isEmpty()) {
            out.setHeader("Set-Cookie", redirect.cookies());
        }
        // a redeemed link and a presigned URL are for this client, now
        out.setHeader("Cache-Control", NO_STORE);
        out.setBody(null);
        metrics.answered(PlaybackMetrics.Outcome.REDIRECTED);
    }

    /** A refusal: its status and its reason in plain text. */
    public void refusal(Exchange exchange,
            @ExchangeProperty(ExchangeProperties.PLAYBACK_REFUSAL) PlaybackRefusal refusal) {
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, refusal.status());
        out.setHeader(Exchange.CONTENT_TYPE, TEXT);
        out.setHeader("Cache-Control", NO_STORE);
        out.setBody(refusal.message());
        metrics.answered(refusal.status() == 403 ? PlaybackMetrics.Outcome.FORBIDDEN
                : PlaybackMetrics.Outcome.NOT_FOUND);
    }

    /** Caravan could not answer (its store or catalog failed): 500, logged, no detail for the client. */
    public void failed(Exchange exchange, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        PlaybackRequest request = exchange.getProperty(ExchangeProperties.PLAYBACK_REQUEST, PlaybackRequest.class);
        LOG.error("playback of {} failed", request == null ? "a recording" : request.rawPath(), failure);
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
        out.setHeader(Exchange.CONTENT_TYPE, TEXT);
        out.setHeader("Cache-Control", NO_STORE);
        out.setBody("playback failed (details in Caravan's log)\n");
        metrics.answered(PlaybackMetrics.Outcome.FAILED);
    }

    /** RFC 9110, section 13.2.2: If-None-Match (weak comparison) wins over If-Modified-Since. */
    private static boolean notModified(PlaybackRequest request, String etag, Instant lastModified) {
        if (request.ifNoneMatch() != null) {
            for (String candidate : request.ifNoneMatch().split(",")) {
                String tag = candidate.trim();
                if (tag.equals("*") || opaque(tag).equals(opaque(etag))) {
                    return true;
                }
            }
            return false;
        }
        Instant since = httpDate(request.ifModifiedSince());
        return since != null && !lastModified.isAfter(since);
    }

    /** If-Range: a strong ETag equal to the file's, or exactly its Last-Modified; absent counts as a match. */
    private static boolean ifRangeMatches(String ifRange, String etag, Instant lastModified) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return value.equals(etag);
        }
        Instant date = httpDate(value);
        return date != null && date.equals(lastModified);
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static Instant httpDate(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null; // RFC 9110: an invalid date is ignored
        }
    }
}
