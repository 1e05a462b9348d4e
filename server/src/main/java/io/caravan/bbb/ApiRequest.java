package io.caravan.bbb;

import java.util.List;
import java.util.Map;

/**
 * One call to the BBB API as the client sent it. The raw query is kept byte for byte because checksums are computed
 * over it; {@code params} is the decoded view (query, plus the form body of a form POST) used for decisions.
 *
 * @param call        the API call name, e.g. {@code create}
 * @param method      the HTTP method
 * @param rawQuery    the query string exactly as sent, checksum included ("" when absent)
 * @param params      decoded parameters, first value wins for lookups
 * @param contentType the request's content type, or null
 * @param body        the request body to forward to a node (null for GET); a form body is re-encoded from its fields
 */
public record ApiRequest(String call, String method, String rawQuery, Map<String, List<String>> params,
        String contentType, byte[] body) {

    /** The same call with its parameters changed (a rule, a tenant's namespace, Caravan's callback URLs). */
    public ApiRequest withParameters(String newRawQuery, Map<String, List<String>> newParams, byte[] newBody) {
        return new ApiRequest(call, method, newRawQuery, newParams, contentType, newBody);
    }

    /** The same call and parameters with another body (a tenant's slide as create's presentation document). */
    public ApiRequest withBody(String newMethod, String newContentType, byte[] newBody) {
        return new ApiRequest(call, newMethod, rawQuery, params, newContentType, newBody);
    }

    public String param(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String meetingId() {
        return param("meetingID");
    }

    /** The raw query without the caller's checksum: what gets re-signed for a node. */
    public String unsignedQuery() {
        return Checksum.stripFrom(rawQuery);
    }

    public boolean hasBody() {
        return body != null && body.length > 0;
    }

    /** Whether the body is an application/x-www-form-urlencoded form, whose fields are parameters too. */
    public boolean hasForm() {
        return hasBody() && contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /**
     * The unsigned query with a form body's fields appended: every parameter of the call in one query, for a call
     * forwarded to a node as a GET. Query parameters come first, so a name in both keeps the query's value first,
     * as the servlet parameters bbb-web reads do.
     */
    public String queryWithForm() {
        String query = unsignedQuery();
        if (!hasForm()) {
            return query;
        }
        String form = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return query == null || query.isEmpty() ? form : query + "&" + form;
    }
}
