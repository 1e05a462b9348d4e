package io.caravan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.RedisUnderTest;
import io.caravan.support.Xml;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Dial-in numbers stay unique over two Caravan instances sharing Redis, whichever instance a create reaches. */
@Tag("end-to-end")
class SharedVoiceBridgesTest {

    @Test
    void concurrentCreatesOverTwoInstancesNeverGiveOneNumberToTwoMeetings() {
        try (RedisUnderTest redis = RedisUnderTest.start();
                CaravanUnderTest a = CaravanUnderTest.builder().nodes(2)
                        .property("caravan.store", "redis")
                        .property("caravan.redis.url", redis.url())
                        .property("caravan.redis.key-prefix", "voice:")
                        // 900 numbers for 150 meetings: draws collide often
                        .property("caravan.voice-bridge.length", "3")
                        .start();
                CaravanUnderTest b = a.another()) {
            List<BbbClient> clients = List.of(a.client(), b.client());
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                // meetings 0..49 are created twice, once through each instance
                int meeting = i < 100 ? i % 50 : i - 50;
                answers.add(clients.get(i % 2).getAsync("create", "name=Room&meetingID=shared-" + meeting));
            }
            Map<String, String> numberOfMeeting = new HashMap<>();
            Map<String, String> meetingOfNumber = new HashMap<>();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                Xml xml = Xml.parse(answer.join().body());
                assertEquals("SUCCESS", xml.returncode(), xml.messageKey());
                String meeting = xml.text("meetingID");
                String number = xml.text("voiceBridge");
                assertTrue(number.matches("[1-9][0-9]{2}"), number);
                String before = numberOfMeeting.putIfAbsent(meeting, number);
                assertTrue(before == null || before.equals(number), meeting + " got " + before + " and " + number);
                String holder = meetingOfNumber.putIfAbsent(number, meeting);
                assertTrue(holder == null || holder.equals(meeting), number + " given to " + holder + " and " + meeting);
            }
            assertEquals(150, numberOfMeeting.size());
            assertEquals(150, meetingOfNumber.size());
            assertTrue(a.nodes().stream().allMatch(node -> node.meetingCount() > 0), "both nodes have meetings");
        }
    }
}
