package io.caravan.bbb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Where a failed join sends the browser, as ApiController#invalid and #respondWithRedirect build it. */
class JoinErrorRedirectTest {

    private final JoinErrorRedirect redirects = new JoinErrorRedirect("https://lb.example.org/error");
    private final BbbError notFound = new BbbError("meetingForciblyEnded",
            "You can not join a meeting that has already been forcibly ended");

    private static ApiRequest join(String query) {
        return new ApiRequest("join", "GET", query, QueryParams.decode(query), null, null);
    }

    @Test
    void theErrorsJsonIsAppendedToTheTargetsQueryAsJavaNetUriQuotesIt() {
        String location = redirects.location(join("meetingID=m&logoutURL="
                + QueryParams.encode("https://app.example.org/bye?room=1#top")), notFound);
        // java.net.URI quotes what a query may not hold ('"', '{', '}', spaces) and keeps '[', ']', ':' and ','
        assertEquals("https://app.example.org/bye?room=1&errors=[%7B%22message%22:%22You%20can%20not%20join%20a"
                + "%20meeting%20that%20has%20already%20been%20forcibly%20ended%22,%22key%22:%22meetingForciblyEnded"
                + "%22%7D]#top", location);
        String errors = URLDecoder.decode(URI.create(location).getRawQuery().split("errors=")[1],
                StandardCharsets.UTF_8);
        assertEquals("[{\"message\":\"You can not join a meeting that has already been forcibly ended\","
                + "\"key\":\"meetingForciblyEnded\"}]", errors);
    }

    @Test
    void errorRedirectUrlComesBeforeLogoutUrlAndTheDefaultLast() {
        assertEquals("https://a.example.org/e", redirects.location(join("errorRedirectUrl="
                + QueryParams.encode("https://a.example.org/e") + "&logoutURL="
                + QueryParams.encode("https://b.example.org/l")), notFound).split("\\?")[0]);
        assertEquals("https://lb.example.org/error", redirects.location(join("meetingID=m"), notFound)
                .split("\\?")[0]);
        assertEquals("https://lb.example.org/error", redirects.location(null, notFound).split("\\?")[0],
                "a join that failed before it was read");
    }

    @Test
    void aChecksumErrorGoesToTheDefaultWhateverTheRequestAsks() {
        assertEquals("https://lb.example.org/error", redirects.location(join("logoutURL="
                + QueryParams.encode("https://evil.example.org/")), BbbError.checksumError()).split("\\?")[0]);
    }

    @Test
    void placeholdersAreEmptiedAndAnUnparseableUrlFallsBackToTheDefault() {
        assertEquals("https://app.example.org/bye?u=&m=", redirects.location(join("logoutURL="
                + QueryParams.encode("https://app.example.org/bye?u=%%USERID%%&m=%%MEETINGID%%")), notFound)
                .split("&errors=")[0]);
        assertEquals("https://lb.example.org/error", redirects.location(join("logoutURL="
                + QueryParams.encode("http://bad host/ x")), notFound).split("\\?")[0]);
        assertEquals("/", new JoinErrorRedirect("").location(null, notFound).split("\\?")[0]);
    }
}
