package io.caravan.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Calls a running Caravan's admin API; any answer but 2xx is a {@link CommandFailed} with the API's error message. */
final class AdminApiClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final String token;

    AdminApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /** {@code value} as one path segment or query value: percent-encoded, a space as %20 rather than +. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    /** POSTs a file as the request body, streamed (a recording archive may be gigabytes). */
    JsonNode postFile(String path, Path file, String contentType) {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailed("no such file: " + file);
        }
        return send("POST", path, new FileBody(file, contentType));
    }

    private record FileBody(Path file, String contentType) {
    }

    JsonNode send(String method, String path, Object body) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/api" + path))
                    .timeout(Duration.ofSeconds(body instanceof FileBody ? 3600 : 60))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (body instanceof FileBody upload) {
                request.header("Content-Type", upload.contentType())
                        .method(method, HttpRequest.BodyPublishers.ofFile(upload.file()));
            } else if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            }
        } catch (IllegalArgumentException | IOException e) {
            throw new CommandFailed("bad Caravan URL '" + baseUrl + "': " + e.getMessage());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CommandFailed("cannot reach Caravan at " + baseUrl + " (is it running? see --url)");
        } catch (HttpTimeoutException e) {
            throw new CommandFailed("Caravan at " + baseUrl + " did not answer in time");
        } catch (IOException e) {
            throw new CommandFailed("cannot reach Caravan at " + baseUrl + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailed("interrupted");
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String error = answer.path("error").asText("");
            throw new CommandFailed("HTTP " + response.statusCode() + ": "
                    + (error.isEmpty() ? response.body() : error));
        }
        return answer;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
