package io.caravan.bbb;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where a failed join sends the user's browser, as bbb-web does (ApiController#join and #respondWithRedirect): a 302
 * to the request's {@code errorRedirectUrl}, else its {@code logoutURL}, else a default URL (bbb-web's default
 * logout URL; {@code caravan.join.error-url} here), with the error as
 * {@code errors=[{"message":…,"key":…}]} appended to that URL's query. Also for {@code redirect=false}: bbb-web
 * redirects on errors whatever the request asked.
 */
public final class JoinErrorRedirect {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String defaultUrl;

    /** @param defaultUrl caravan.join.error-url: where a join that names no URL is sent (relative or absolute) */
    public JoinErrorRedirect(String defaultUrl) {
        this.defaultUrl = defaultUrl == null || defaultUrl.isBlank() ? "/" : defaultUrl;
    }

    /**
     * The Location of the redirect for this failed join; the request may be null (it failed before being read). A
     * checksum failure goes to the default URL only: the request's own URLs are not to be trusted then.
     */
    public String location(ApiRequest request, BbbError error) {
        String errors = errorsJson(error);
        boolean trusted = request != null && !"checksumError".equals(error.messageKey());
        for (String candidate : new String[] {trusted ? request.param("errorRedirectUrl") : null,
                trusted ? request.param("logoutURL") : null, defaultUrl}) {
            if (candidate == null || candidate.isBlank()) {
                continue;
            }
            try {
                // bbb-web fills no user or meeting into these placeholders for a join that failed
                URI base = new URI(candidate.trim().replace("%%MEETINGID%%", "").replace("%%USERID%%", "")
                        .replace("%%USERNAME%%", ""));
                String query = base.getQuery() == null ? "errors=" + errors : base.getQuery() + "&errors=" + errors;
                // the multi-argument constructor quotes what a query may not hold, as bbb-web's java.net.URI does
                return new URI(base.getScheme(), base.getAuthority(), base.getPath(), query, base.getFragment())
                        .toString();
            } catch (URISyntaxException e) {
                // not a URL: bbb-web falls back to its default as well
            }
        }
        return "/?errors=" + errors;
    }

    private static String errorsJson(BbbError error) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("message", error.getMessage());
        entry.put("key", error.messageKey());
        try {
            return JSON.writeValueAsString(List.of(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
