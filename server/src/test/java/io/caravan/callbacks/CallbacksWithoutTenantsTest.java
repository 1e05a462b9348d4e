package io.caravan.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.caravan.bbb.QueryParams;
import io.caravan.emulator.EmulatedNode;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Callbacks of a single-tenant Caravan: the global secret signs them, and without a public URL nothing changes. */
@Tag("end-to-end")
class CallbacksWithoutTenantsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> postForm(String url, String form) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static EmulatedNode nodeOf(CaravanUnderTest caravan, String meetingId) {
        return caravan.nodes().stream().filter(n -> n.hasMeeting(meetingId)).findFirst().orElseThrow();
    }

    @Test
    void recordingReadyOfAFormCreateIsSignedWithTheGlobalSecretAndSurvivesARestart() throws IOException {
        try (CallbacksEndToEndTest.Receiver receiver = new CallbacksEndToEndTest.Receiver();
                CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).publicUrl()
                        .property("caravan.callbacks.key", "callbacks-test-key").start()) {
            String form = "name=Room&meetingID=global&meta_bbb-recording-ready-url="
                    + QueryParams.encode(receiver.url("/global"));
            HttpResponse<String> created = caravan.client().post("create", "", "application/x-www-form-urlencoded",
                    form);
            assertEquals("SUCCESS", Xml.parse(created.body()).returncode(), created.body());
            EmulatedNode node = nodeOf(caravan, "global");
            Map<String, List<String>> onNode = QueryParams.decode(node.calls("create").get(0).bodyText());
            String callback = onNode.get("meta_bbb-recording-ready-url").get(0);
            assertTrue(callback.startsWith(caravan.baseUrl() + "/callbacks/recording-ready/"), callback);

            // no state: another Caravan (here the same one restarted, on a new port) forwards the same token
            String path = callback.substring(caravan.baseUrl().length());
            caravan.restart();
            String signed = JWT.create().withClaim("meeting_id", "global").withClaim("record_id", "rec-9")
                    .sign(Algorithm.HMAC256(node.secret()));
            assertEquals(202, postForm(caravan.baseUrl() + path, "signed_parameters=" + signed).statusCode());

            String resigned = QueryParams.decode(receiver.await("/global").body()).get("signed_parameters").get(0);
            DecodedJWT claims = JWT.require(Algorithm.HMAC256(CaravanUnderTest.SECRET)).build().verify(resigned);
            assertEquals("global", claims.getClaim("meeting_id").asString());
            assertEquals("rec-9", claims.getClaim("record_id").asString());
        }
    }

    @Test
    void withoutPublicUrlCallbackUrlsReachTheNodeUnchanged() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1).start()) {
            String url = "https://lms.example.org/end?x=1";
            Xml created = Xml.parse(caravan.client().get("create", "name=Room&meetingID=direct&meta_endCallbackUrl="
                    + QueryParams.encode(url)).body());
            assertEquals("SUCCESS", created.returncode());
            Map<String, List<String>> onNode = QueryParams.decode(caravan.node(0).calls("create").get(0).rawQuery());
            assertEquals(List.of(url), onNode.get("meta_endCallbackUrl"));
        }
    }
}
