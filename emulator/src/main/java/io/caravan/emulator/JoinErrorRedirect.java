package io.caravan.emulator;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where bbb-web sends a browser whose join failed (ApiController.respondWithRedirect): the join's
 * {@code errorRedirectUrl} if given, else its {@code logoutURL} parameter, else the server's default logout URL,
 * with {@code errors=} and a JSON array of {@code {"message":…,"key":…}} appended to the query. A checksumError
 * always goes to the default logout URL: a request that failed the checksum is not trusted to choose its target.
 */
final class JoinErrorRedirect {

    private JoinErrorRedirect() {
    }

    /**
     * The redirect, or an HTTP 500 when the target is not a URI (bbb-web's URI.create throws then).
     *
     * @param defaultLogoutUrl bbb-web's bigbluebutton.web.logoutURL, which defaults to the server's own URL
     */
    static ApiAnswer of(ApiError error, CallParameters params, String defaultLogoutUrl) {
        boolean trusted = !error.messageKey().equals(ApiError.CHECKSUM_ERROR.messageKey());
        String target = defaultLogoutUrl;
        String logoutURL = params.get("logoutURL");
        if (trusted && logoutURL != null && !logoutURL.isEmpty()) {
            target = logoutURL;
        }
        // with no meeting and no user known yet, bbb-web clears the logout URL's placeholders
        target = target.replace("%%MEETINGID%%", "").replace("%%USERID%%", "").replace("%%USERNAME%%", "");
        String errorRedirectUrl = params.get("errorRedirectUrl");
        if (trusted && errorRedirectUrl != null && !errorRedirectUrl.isEmpty()) {
            target = errorRedirectUrl;
        }
        try {
            URI old = URI.create(target);
            String query = old.getQuery() == null ? "errors=" : old.getQuery() + "&errors=";
            query += "[{\"message\":" + orgJsonQuote(error.message()) + ",\"key\":" + orgJsonQuote(error.messageKey())
                    + "}]";
            // the five-argument constructor quotes what a query may not hold ("{} and spaces), as in bbb-web
            URI redirect = new URI(old.getScheme(), old.getAuthority(), old.getPath(), query, old.getFragment());
            return ApiAnswer.redirect(redirect.toString());
        } catch (IllegalArgumentException | URISyntaxException e) {
            return ApiAnswer.httpError(500, "Internal Server Error");
        }
    }

    /**
     * A JSON string as org.json's JSONObject writes it (bbb-web builds the errors array with org.json): a slash is
     * escaped only after a {@code <}, and some non-control ranges are written as {@code \\u} escapes.
     */
    static String orgJsonQuote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        char previous = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '"' -> out.append('\\').append(c);
                case '/' -> {
                    if (previous == '<') {
                        out.append('\\');
                    }
                    out.append(c);
                }
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < ' ' || (c >= '\u0080' && c < '\u00a0') || (c >= '\u2000' && c < '\u2100')) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
            previous = c;
        }
        return out.append('"').toString();
    }
}
