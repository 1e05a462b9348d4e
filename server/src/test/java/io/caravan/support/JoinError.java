package io.caravan.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A failed join as bbb-web answers it: a 302 whose Location carries {@code errors=[{"message":…,"key":…}]}. Read the
 * way a client reads it: the Location's query decoded, its errors parameter parsed as JSON.
 */
public record JoinError(URI location, String key, String message) {

    public static JoinError of(HttpResponse<String> answer) {
        assertEquals(302, answer.statusCode(), "a failed join redirects; body: " + answer.body());
        String location = answer.headers().firstValue("Location").orElse(null);
        assertNotNull(location, "a redirect has a Location");
        URI uri = URI.create(location);
        String query = uri.getRawQuery();
        assertNotNull(query, "the errors are in the query of " + location);
        String errors = null;
        for (String part : query.split("&")) {
            if (part.startsWith("errors=")) {
                errors = URLDecoder.decode(part.substring("errors=".length()), StandardCharsets.UTF_8);
            }
        }
        assertNotNull(errors, "errors= in " + location);
        try {
            JsonNode first = new ObjectMapper().readTree(errors).get(0);
            return new JoinError(uri, first.path("key").asText(null), first.path("message").asText(null));
        } catch (java.io.IOException e) {
            throw new AssertionError("errors is not JSON: " + errors, e);
        }
    }
}
