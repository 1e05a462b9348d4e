package io.caravan.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * routes/playback.camel.yaml without a player directory and before any recording was kept: nothing is playable,
 * every answer says so in plain text, and asking creates no catalog. Playing kept recordings is PlaybackEndToEndTest.
 */
class PlaybackRoutesTest extends RouteTestSupport {

    private static final String ID = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678-1715000000001";

    @Test
    void thePlayersPagesNameTheSettingThatInstallsIt() {
        HttpResponse<String> page = http("GET", "/playback/presentation/2.3/" + ID, null);
        assertEquals(404, page.statusCode());
        assertTrue(page.body().contains("caravan.recordings.playback.player-dir"), page.body());
        assertEquals("text/plain; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void nothingIsPlayableBeforeARecordingWasKeptAndAskingCreatesNoCatalog() {
        for (String path : new String[] {"/presentation/" + ID + "/metadata.xml", "/playback/video/" + ID + "/",
            "/podcast/" + ID + "/audio.ogg", "/notes/" + ID + "/notes.pdf",
            "/recording/screenshare/" + ID + "/index.html"}) {
            HttpResponse<String> answer = http("GET", path, null);
            assertEquals(404, answer.statusCode(), path);
            assertEquals("recording not found\n", answer.body(), path);
            assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(""), path);
        }
        Path dataDir = Path.of(context.resolvePropertyPlaceholders("{{caravan.data-dir}}"));
        assertFalse(Files.exists(dataDir.resolve("catalog")), "a catalog was created for a reader");
    }

    @Test
    void onlyGetAndHeadReachPlayback() {
        assertEquals(405, http("POST", "/presentation/" + ID + "/metadata.xml", null).statusCode());
        assertEquals(404, http("HEAD", "/presentation/" + ID + "/metadata.xml", null).statusCode());
    }
}
