package io.caravan.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import io.caravan.bbb.QueryParams;
import io.caravan.emulator.EmulatedNode;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.RedisUnderTest;
import io.caravan.support.Xml;
import io.caravan.webhooks.WebhooksEndToEndTest.Receiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two Caravan instances sharing their hooks through a real Redis (caravan.store=redis), in front of the same emulated
 * nodes running bbb-webhooks, for a tenant with two secrets. The load balancer is modelled by giving both instances instance A's URL as their
 * caravan.public-url: in production both have the balancer's URL, and whichever instance the balancer picks takes
 * the node's post; here A always does, and it must deliver from the hooks B wrote as well as its own.
 */
@Tag("end-to-end")
class SharedHooksEndToEndTest {

    private static RedisUnderTest redis;
    private static Receiver receiver;

    @BeforeAll
    static void start() throws IOException {
        redis = RedisUnderTest.start();
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
        redis.close();
    }

    private static String ownHookUrl(CaravanUnderTest caravan, EmulatedNode node) {
        return caravan.baseUrl() + "/webhooks/node/" + node.name();
    }

    /** The tenant acme's calls to one instance, signed with one of its two secrets. */
    private static BbbClient acme(CaravanUnderTest caravan, String secret) {
        return new BbbClient(caravan.baseUrl() + "/t/acme/bigbluebutton/api", secret);
    }

    private static List<String> listed(CaravanUnderTest caravan) {
        return Xml.parse(acme(caravan, "acme-old").get("hooks/list", "").body()).texts("hookID");
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String createHook(CaravanUnderTest caravan, String path, String extra) {
        Xml created = Xml.parse(acme(caravan, "acme-old").get("hooks/create", "callbackURL="
                + QueryParams.encode(receiver.url(path)) + extra).body());
        assertEquals("SUCCESS", created.returncode(), created.toString());
        return created.text("hookID");
    }

    private static EmulatedNode join(CaravanUnderTest through, String meetingId) {
        String answer = acme(through, "acme-new").get("create", "name=Shared&meetingID=" + meetingId).body();
        assertEquals("SUCCESS", Xml.parse(answer).returncode(), answer);
        String onNode = "acme~" + meetingId;
        EmulatedNode node = through.nodes().stream().filter(n -> n.hasMeeting(onNode)).findFirst().orElseThrow();
        node.addAttendees(onNode, 1);
        return node;
    }

    private static long posts(String path, String eventId, String meetingId) {
        return receiver.posts(path).stream()
                .filter(p -> p.eventId().equals(eventId) && p.meetingId().equals(meetingId)).count();
    }

    @Test
    void hooksAreSharedByTheInstancesAndEachEventIsDeliveredOnce() {
        try (CaravanUnderTest a = CaravanUnderTest.builder().nodes(2).publicUrl()
                .property("caravan.store", "redis")
                .property("caravan.redis.url", redis.url())
                .property("caravan.redis.timeout", "1s")
                .property("caravan.redis.key-prefix", "shared-hooks:")
                .property("caravan.webhooks.check-interval", "300ms")
                .clustersYaml("""
                        tenants:
                          - name: acme
                            secrets: [acme-old, acme-new]
                            hostnames: [acme.example.org]
                        """)
                .start();
                CaravanUnderTest b = a.another("caravan.public-url", a.baseUrl())) {
            // both instances check the nodes' hooks and register the same URL: one hook of Caravan's per node
            for (EmulatedNode node : a.nodes()) {
                CaravanUnderTest.await(() -> node.webhookUrls().contains(ownHookUrl(a, node)),
                        "Caravan's hook on " + node.name());
            }
            receiver.quiet(); // a few checks of both instances
            for (EmulatedNode node : a.nodes()) {
                assertEquals(List.of(ownHookUrl(a, node)), node.webhookUrls(), node.name());
            }

            String id = createHook(a, "/shared", "");
            assertEquals(List.of(id), listed(b), "a hook created through A is listed by B");
            assertEquals(id, Xml.parse(acme(b, "acme-new").get("hooks/create", "callbackURL="
                    + QueryParams.encode(receiver.url("/shared"))).body()).text("hookID"), "and is B's duplicate");

            join(b, "shared-room");
            receiver.await("/shared", "user-joined", "shared-room");
            receiver.quiet();
            assertEquals(1, posts("/shared", "meeting-created", "shared-room"), receiver.posts("/shared").toString());
            assertEquals(1, posts("/shared", "user-joined", "shared-room"), receiver.posts("/shared").toString());

            assertEquals("true", Xml.parse(acme(b, "acme-new").get("hooks/destroy", "hookID=" + id).body())
                    .text("removed"));
            assertEquals(List.of(), listed(a), "a hook destroyed through B is gone for A");
            int before = receiver.posts("/shared").size();
            join(a, "after-destroy");
            receiver.quiet();
            assertEquals(before, receiver.posts("/shared").size(), "a destroyed hook gets nothing");

            // a tenant's hook created through B with its second secret: A signs the deliveries with that one
            String kept = Xml.parse(acme(b, "acme-new").get("hooks/create", "callbackURL="
                    + QueryParams.encode(receiver.url("/kept")) + "&meetingID=kept-room").body()).text("hookID");
            // A moves to another port when it restarts; B, behind "the balancer", follows A's URL
            a.restart();
            b.restart("caravan.public-url", a.baseUrl());
            assertEquals(List.of(kept), listed(a), "the hook survives a restart of both");
            assertEquals(List.of(kept), listed(b));
            for (EmulatedNode node : a.nodes()) {
                CaravanUnderTest.await(() -> node.webhookUrls().contains(ownHookUrl(a, node)),
                        "the restarted Caravan's hook on " + node.name());
            }
            join(b, "kept-room");
            Receiver.Post joined = receiver.await("/kept", "user-joined", "kept-room");
            receiver.quiet();
            assertEquals(1, posts("/kept", "user-joined", "kept-room"), receiver.posts("/kept").toString());
            assertEquals(sha1(receiver.url("/kept") + joined.body() + "acme-new"), joined.checksum());
        }
    }
}
