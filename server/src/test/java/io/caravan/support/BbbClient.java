package io.caravan.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.caravan.bbb.Checksum;
import io.caravan.bbb.ChecksumAlgorithm;

/** A BBB API client as Moodle or Greenlight would be: it signs calls with the shared secret. */
public final class BbbClient {

    /**
     * One client for all: a JDK 17 HttpClient whose last reference goes away while a request is in flight can lose its
     * selector thread to the garbage collector, and that request then hangs past its timeout (seen with throwaway
     * clients under load).
     */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            // BBB integrations (PHP's curl, Java's, Node's) speak HTTP/1.1; the JDK's default would upgrade to h2c
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String apiUrl;
    private final String secret;

    public BbbClient(String apiUrl, String secret) {
        this.apiUrl = apiUrl;
        this.secret = secret;
    }

    public String url(String call, String query) {
        return url(call, query, ChecksumAlgorithm.SHA256);
    }

    public String url(String call, String query, ChecksumAlgorithm algorithm) {
        return apiUrl + "/" + call + "?" + Checksum.sign(algorithm, call, query, secret);
    }

    public HttpResponse<String> get(String call, String query) {
        return send(HttpRequest.newBuilder(URI.create(url(call, query))).GET());
    }

    public CompletableFuture<HttpResponse<String>> getAsync(String call, String query) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url(call, query))).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> getUrl(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public HttpResponse<String> post(String call, String query, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(url(call, query)))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
