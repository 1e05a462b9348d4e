package io.caravan.emulator;

import java.util.Locale;

/**
 * One request to {@code /bigbluebutton/api/<name>} as bbb-web's controllers see it.
 *
 * @param name        the call, "" for the version document
 * @param rawQuery    the query string as sent, null when there is none (the checksum is computed over it)
 * @param params      query and form-body parameters
 * @param contentType the Content-Type header, null when absent
 * @param bodyPresent whether the request has a body in the servlet's sense: Content-Length above 0 or a
 *                    Transfer-Encoding header (bbb-web checks the Content-Type only then)
 * @param body        the body's bytes (XML modules, multipart uploads)
 */
record ApiCall(String name, String method, String rawQuery, CallParameters params, String contentType,
        boolean bodyPresent, byte[] body) {

    ApiCall {
        body = body == null ? new byte[0] : body;
        method = method.toUpperCase(Locale.ROOT);
    }

    /** The Content-Type's media type without parameters, lower case; null when there is no Content-Type. */
    String mediaType() {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
