package io.caravan.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** BBB's playback URLs, mapped to a recording's files as the store keeps them, and what is no playback path. */
class PlaybackPathTest {

    private static final String ID = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678-1715000000001";

    private static PlaybackPath file(String recordId, String file) {
        return new PlaybackPath(PlaybackPath.Kind.FILE, recordId, file);
    }

    @Test
    void eachFormatsUrlPointsAtItsDirectoryInTheRecording() {
        assertEquals(Optional.of(file(ID, "presentation/shapes.svg")), PlaybackPath.of("/presentation/" + ID
                + "/shapes.svg"));
        assertEquals(Optional.of(file(ID, "presentation/video/webcams.webm")),
                PlaybackPath.of("/presentation/" + ID + "/video/webcams.webm"));
        assertEquals(Optional.of(file(ID, "video/video-0.m4v")), PlaybackPath.of("/playback/video/" + ID
                + "/video-0.m4v"));
        assertEquals(Optional.of(file(ID, "podcast/audio.ogg")), PlaybackPath.of("/podcast/" + ID + "/audio.ogg"));
        assertEquals(Optional.of(file(ID, "notes/notes.pdf")), PlaybackPath.of("/notes/" + ID + "/notes.pdf"));
        assertEquals(Optional.of(file(ID, "screenshare/screenshare-0.webm")),
                PlaybackPath.of("/recording/screenshare/" + ID + "/screenshare-0.webm"));
        assertEquals(Optional.of(file(ID, "statistics/data.json")), PlaybackPath.of("/playback/statistics/" + ID
                + "/data.json"), "any format");
    }

    @Test
    void aDirectoryIsItsIndexAndTheRecordingsDirectoryWantsItsSlash() {
        assertEquals(Optional.of(file(ID, "video/index.html")), PlaybackPath.of("/playback/video/" + ID + "/"));
        assertEquals(Optional.of(file(ID, "presentation/video/index.html")),
                PlaybackPath.of("/presentation/" + ID + "/video/"));
        assertEquals(Optional.of(new PlaybackPath(PlaybackPath.Kind.DIRECTORY, ID, "/playback/video/" + ID + "/")),
                PlaybackPath.of("/playback/video/" + ID));
    }

    @Test
    void thePlayersPathsAreItsFilesOrARecordingsPage() {
        assertEquals(Optional.of(new PlaybackPath(PlaybackPath.Kind.PLAYER, ID, ID)),
                PlaybackPath.of("/playback/presentation/2.3/" + ID));
        // which of the two it is, the player's directory tells (PlaybackRequests)
        assertEquals(Optional.of(new PlaybackPath(PlaybackPath.Kind.PLAYER, "static", "static/js/main.1f2e.js")),
                PlaybackPath.of("/playback/presentation/2.3/static/js/main.1f2e.js"));
        assertEquals(Optional.of(new PlaybackPath(PlaybackPath.Kind.PLAYER, null, "favicon.ico")),
                PlaybackPath.of("/playback/presentation/2.3/favicon.ico"));
        assertEquals(Optional.of(new PlaybackPath(PlaybackPath.Kind.PLAYER, null, "")),
                PlaybackPath.of("/playback/presentation/2.3/"));
    }

    @Test
    void percentEncodingIsDecodedOnce() {
        assertEquals(Optional.of(file(ID, "presentation/slide 1.png")),
                PlaybackPath.of("/presentation/" + ID + "/slide%201.png"));
        assertEquals(Optional.of(file(ID, "presentation/%2e%2e")), PlaybackPath.of("/presentation/" + ID
                + "/%252e%252e"), "a double encoding stays a harmless name");
    }

    @Test
    void traversalAndOddPathsAreNoPlaybackPath() {
        for (String path : List.of("/presentation/" + ID + "/../../etc/passwd", "/presentation/" + ID + "/%2e%2e/x",
                "/presentation/" + ID + "/%2E%2E/%2E%2E/etc/passwd", "/presentation/" + ID + "/.%2e/x",
                "/presentation/" + ID + "/./shapes.svg", "/presentation/" + ID + "/..%5c..%5cwin.ini",
                "/presentation/" + ID + "/a\\b", "/presentation/" + ID + "/a%2fb", "/presentation/" + ID + "//x",
                "/presentation/" + ID + "/%00", "/presentation/" + ID + "/c:x", "/presentation/" + ID + "/%zz",
                "/presentation/" + ID + "/%c3%28", "/presentation/..%2f/x", "/presentation/not..an.id/x",
                "/presentation/" + "x".repeat(129) + "/x", "/playback//" + ID + "/x", "/playback/v.d/" + ID + "/x",
                "/playback", "/", "", "presentation/" + ID + "/x", "/other/" + ID + "/x",
                "/playback/presentation/2.3/../x", "/playback/presentation/2.3/%2e%2e/x")) {
            assertTrue(PlaybackPath.of(path).isEmpty(), path);
        }
        assertTrue(PlaybackPath.of(null).isEmpty());
    }

    @Test
    void aRecordingsFormatsAreServedUnderThePathsItsLinksUse() {
        assertEquals(List.of("/playback/presentation/2.3/" + ID, "/presentation/" + ID),
                PlaybackPath.prefixes(ID, "presentation"));
        assertEquals(List.of("/playback/video/" + ID), PlaybackPath.prefixes(ID, "video"));
        assertEquals(List.of("/podcast/" + ID), PlaybackPath.prefixes(ID, "podcast"));
        assertEquals(List.of("/recording/screenshare/" + ID), PlaybackPath.prefixes(ID, "screenshare"));
    }
}
