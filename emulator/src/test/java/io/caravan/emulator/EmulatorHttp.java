package io.caravan.emulator;

import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Real HTTP against an emulated node for the rule tests, with a checksum signer of its own (not Caravan's), so that
 * these tests check the emulator against bbb-web's rules and nothing else.
 */
final class EmulatorHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final EmulatedNode node;

    EmulatorHttp(EmulatedNode node) {
        this.node = node;
    }

    /** The query with {@code checksum=sha1(call + query + secret)} appended, as BBB API clients sign. */
    String signed(String call, String query) {
        return signed("SHA-1", call, query);
    }

    String signed(String algorithm, String call, String query) {
        String checksum = hex(algorithm, call + query + node.secret());
        return query.isEmpty() ? "checksum=" + checksum : query + "&checksum=" + checksum;
    }

    /** A signed GET. */
    HttpResponse<String> get(String call, String query) throws IOException, InterruptedException {
        return getRaw(call, signed(call, query));
    }

    /** A GET with the query exactly as given (for checksum tests). */
    HttpResponse<String> getRaw(String call, String rawQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/" + call + "?" + rawQuery)).GET());
    }

    HttpResponse<String> post(String call, String query, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/" + call + "?"
                + signed(call, query))).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a meeting with a name, as bbb-web requires, and returns its create answer. */
    String create(String meetingID, String moreParameters) throws Exception {
        String xml = get("create", "meetingID=" + encode(meetingID) + "&name=Room" + moreParameters).body();
        if (!"SUCCESS".equals(text(xml, "/response/returncode"))) {
            throw new AssertionError("create failed: " + xml);
        }
        return xml;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The errors JSON of a join error redirect, decoded. */
    static String redirectErrors(HttpResponse<String> response) {
        if (response.statusCode() != 302) {
            throw new AssertionError("not a redirect: " + response.statusCode() + " " + response.body());
        }
        String location = response.headers().firstValue("Location").orElseThrow();
        int at = location.indexOf("errors=");
        return URLDecoder.decode(location.substring(at + "errors=".length()), StandardCharsets.UTF_8);
    }

    static String text(String xml, String xpath) throws Exception {
        Document document = parse(xml);
        Node found = (Node) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODE);
        if (found == null) {
            throw new AssertionError("no " + xpath + " in " + xml);
        }
        return found.getTextContent();
    }

    static double number(String xml, String xpath) throws Exception {
        return (Double) XPathFactory.newInstance().newXPath().evaluate(xpath, parse(xml), XPathConstants.NUMBER);
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    /** A real BBB answer from the project's fixtures (test resources, each with its .source.txt). */
    static String fixture(String name) throws IOException {
        try (InputStream in = EmulatorHttp.class.getResourceAsStream("/bbb-api-fixtures/" + name)) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
