package io.caravan.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.caravan.emulator.EmulatedNode;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Load-based placement and node signing, observed on the emulated nodes. */
@Tag("end-to-end")
class PlacementEndToEndTest {

    @Test
    void busyCpuFromTheLoadUrlSteersMeetingsAway() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2)
                .nodeYaml(0, "load-url: LOAD0").nodeYaml(1, "load-url: LOAD1").startWithLoadUrls()) {
            caravan.node(0).cpu(9500);
            caravan.node(1).cpu(0);
            caravan.awaitPolls(2);
            double busy = caravan.registry().status("bbb1").orElseThrow().load();
            assertTrue(busy > 3000, "95% CPU weighs heavily: " + busy);
            BbbClient client = caravan.client();
            for (int i = 0; i < 10; i++) {
                client.get("create", "name=CC&meetingID=cpu-" + i);
                assertTrue(caravan.node(1).hasMeeting("cpu-" + i), "meeting " + i + " avoids the busy node");
            }
        }
    }

    @Test
    void attendeesAndMeetingsWeighAsConfiguredPerCluster() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2)
                .clustersYaml("clusters:\n  - name: light\n    f_atn: 0\n    f_mtg: 0\n")
                .nodeYaml(1, "cluster: light").start()) {
            EmulatedNode heavy = caravan.node(0);
            new BbbClient(heavy.baseUrl(), heavy.secret()).get("create", "name=HH&meetingID=heavy-1");
            heavy.addAttendees("heavy-1", 40);
            caravan.awaitPolls(2);
            assertEquals(40 + 30, caravan.registry().load("bbb1"), 1e-9);
            caravan.client().get("create", "name=NN&meetingID=placed-1");
            assertTrue(caravan.node(1).hasMeeting("placed-1"));
            // the light cluster adds nothing per meeting, so it keeps winning
            caravan.client().get("create", "name=NN&meetingID=placed-2");
            assertTrue(caravan.node(1).hasMeeting("placed-2"));
        }
    }

    @Test
    void loadFactorScalesANodesLoad() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).nodeYaml(0, "load-factor: 0.25")
                .start()) {
            BbbClient client = caravan.client();
            for (int i = 0; i < 8; i++) {
                client.get("create", "name=FF&meetingID=factor-" + i);
            }
            // a meeting weighs 7.5 on bbb1 and 30 on bbb2: bbb1 takes four meetings for each of bbb2's
            long onStrong = caravan.node(0).meetingCount();
            assertTrue(onStrong >= 6, "bbb1 got " + onStrong + " of 8");
        }
    }

    @Test
    void callsToNodesAreSignedWithTheNodesAlgorithm() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2)
                .nodeYaml(0, "checksum: sha1\nstate: cordoned").nodeYaml(1, "checksum: sha512").start()) {
            for (EmulatedNode node : caravan.nodes()) {
                List<EmulatedNode.ReceivedCall> polls = node.calls("getMeetings");
                assertTrue(!polls.isEmpty());
                String checksum = polls.get(0).rawQuery().replaceAll(".*checksum=", "");
                assertEquals(node == caravan.node(0) ? 40 : 128, checksum.length(), node.name());
            }
            assertEquals("SUCCESS", Xml.parse(caravan.client().get("create", "name=SS&meetingID=sig").body())
                    .returncode());
        }
    }

    @Test
    void garbageFromTheMeetingsNodeIsAnsweredAsUnreachable() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(1)
                .property("caravan.health.offline-after", "1000").start()) {
            BbbClient client = caravan.client();
            client.get("create", "name=GG&meetingID=garbled");
            caravan.node(0).garbage(true);
            Xml answer = Xml.parse(client.get("getMeetingInfo", "meetingID=garbled").body());
            assertEquals("FAILED", answer.returncode());
            assertEquals("serverUnreachable", answer.messageKey());
            caravan.node(0).garbage(false);
            caravan.node(0).failing(true);
            assertEquals("serverUnreachable", Xml.parse(client.get("end", "meetingID=garbled").body())
                    .messageKey());
        }
    }
}
