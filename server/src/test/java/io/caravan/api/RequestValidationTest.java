package io.caravan.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.bbb.QueryParams;
import io.caravan.inventory.Cluster;
import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * RequestValidation on its own: bbb-web's rules and, where several fail, the precedence of bbb-web's HashMap of
 * failures (ValidationService#buildViolationsMap, ApiController#validateRequest); docs/BBB-WEB-RULES.md.
 */
class RequestValidationTest {

    private final RequestValidation validation = new RequestValidation();

    private static ApiRequest get(String call, String query) {
        return new ApiRequest(call, "GET", query, QueryParams.decode(query), null, null);
    }

    private static ApiRequest post(String call, String query, String contentType, String body) {
        return new ApiRequest(call, "POST", query, QueryParams.decode(query), contentType,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private BbbError refusal(ApiRequest request) {
        Exchange exchange = exchange();
        validation.check(exchange, request);
        return refusalOf(exchange);
    }

    /** The refusal a step recorded for the route to answer; fails when there is none. */
    private static BbbError refusalOf(Exchange exchange) {
        BbbError refusal = exchange.getProperty(ExchangeProperties.REFUSAL, BbbError.class);
        assertNotNull(refusal, "no refusal recorded");
        return refusal;
    }

    /** The refusal after the lookup, of a request that check let through to it. */
    private BbbError refusalAfterLookup(Exchange exchange, ApiRequest request, Node node) {
        assertNull(exchange.getProperty(ExchangeProperties.REFUSAL), "refused before the lookup");
        validation.meetingLocated(exchange, request, node);
        return refusalOf(exchange);
    }

    private void passes(ApiRequest request) {
        Exchange exchange = exchange();
        validation.check(exchange, request);
        assertNull(exchange.getProperty(ExchangeProperties.REFUSAL), "refused");
    }

    private static Exchange exchange() {
        return new DefaultExchange(new DefaultCamelContext());
    }

    @Test
    void aValidCreatePasses() {
        passes(get("create", "meetingID=room-1&name=Room"));
    }

    // several failures: the HashMap's first entry wins, not the order of the checks
    @Test
    void anEmptyMeetingIdIsASizeErrorBecauseSizeErrorComesFirstInTheHashMap() {
        BbbError error = refusal(get("isMeetingRunning", "meetingID=%20"));
        assertEquals("sizeError", error.messageKey());
        assertEquals("Meeting ID must be between 2 and 256 characters", error.getMessage());
    }

    // a HashMap sized from another map has 8 buckets for 3 entries and another order: join's three unknown-meeting
    // failures must be put into a default-sized map one by one, where meetingForciblyEnded comes first
    @Test
    void joinOfAMeetingNobodyHasAnswersMeetingForciblyEnded() {
        Exchange exchange = exchange();
        ApiRequest join = get("join", "meetingID=ghost&fullName=Ann");
        validation.check(exchange, join);
        BbbError error = refusalAfterLookup(exchange, join, null);
        assertEquals("meetingForciblyEnded", error.messageKey());
    }

    @Test
    void aRequestOnlyFailureThatWinsAnywayIsAnsweredBeforeTheLookup() {
        // missingParamFullName comes before every unknown-meeting key: no need to ask the nodes
        assertEquals("missingParamFullName", refusal(get("join", "meetingID=ghost&fullName=%20")).messageKey());
    }

    @Test
    void aFailureThatAnUnknownMeetingWouldBeatWaitsForTheLookup() {
        Exchange exchange = exchange();
        ApiRequest info = get("getMeetingInfo", "meetingID=g");
        validation.check(exchange, info); // sizeError, but notFound would come first
        assertEquals(Map.of("sizeError", "Meeting ID must be between 2 and 256 characters"),
                exchange.getProperty(ExchangeProperties.PENDING_VIOLATIONS, Map.class));
        assertEquals("notFound", refusalAfterLookup(exchange, info, null).messageKey());

        Exchange found = exchange();
        validation.check(found, info);
        Node node = new Node("bbb1", "http://bbb1/bigbluebutton/api", "secret", Cluster.DEFAULT, NodeState.ENABLED,
                List.of(), 1, ChecksumAlgorithm.SHA256, null);
        assertEquals("sizeError", refusalAfterLookup(found, info, node).messageKey(),
                "a known meeting: the request's own");
    }

    @Test
    void endOfAMeetingNobodyHasAnswersInvalidPassword() {
        Exchange exchange = exchange();
        ApiRequest end = get("end", "meetingID=ghost");
        validation.check(exchange, end);
        BbbError error = refusalAfterLookup(exchange, end, null);
        assertEquals("invalidPassword", error.messageKey());
        assertEquals("The supplied moderator password is incorrect", error.getMessage());
    }

    @Test
    void aCreateWithoutMeetingIdOrWithAPaddedOneIsAnInvalidMeetingId() {
        assertEquals("Invalid meeting ID", refusal(get("create", "name=Room")).getMessage());
        assertEquals("Invalid meeting ID", refusal(get("create", "meetingID=%20room&name=Room")).getMessage());
    }

    @Test
    void createNameRules() {
        assertEquals("nullError", refusal(get("create", "meetingID=room")).messageKey());
        assertEquals("emptyError", refusal(get("create", "meetingID=room&name=%20")).messageKey());
        assertEquals("sizeError", refusal(get("create", "meetingID=room&name=R")).messageKey());
    }

    @Test
    void aBodyNeedsAContentTypeItsCallTakes() {
        assertEquals("unsupportedContentType",
                refusal(post("create", "meetingID=room&name=Room", "text/plain", "x")).messageKey());
        passes(post("create", "meetingID=room&name=Room", "application/xml; charset=UTF-8", "<modules/>"));
        assertEquals("unsupportedContentType", refusal(post("insertDocument", "meetingID=room",
                "application/x-www-form-urlencoded", "a=b")).messageKey(), "insertDocument takes XML only");
        assertEquals("unsupportedContentType", refusal(post("getMeetings", "", null, "x")).messageKey());
        // the recording calls are RecordingController's, which checks no Content-Type
        passes(post("getRecordings", "", "text/plain", "x"));
    }

    @Test
    void chatMessageRules() {
        assertEquals("nullError", refusal(get("sendChatMessage", "meetingID=room")).messageKey());
        assertEquals("sizeError", refusal(get("sendChatMessage", "meetingID=room&message=" + "m".repeat(501)))
                .messageKey());
    }

    @Test
    void anUnknownMeetingsAnswerAfterValidationNamesTheMeetingAsTheClientSentIt() {
        Exchange exchange = exchange();
        validation.check(exchange, get("insertDocument", "meetingID=room"));
        // the tenant step namespaces the request before the lookup
        BbbError error = refusalAfterLookup(exchange, get("insertDocument", "meetingID=acme~room"), null);
        assertNull(error.messageKey());
        assertEquals("Meeting with id [room] not found.", error.getMessage());
    }

    @Test
    void sanitizingRemovesControlCharactersThenTrims() {
        assertEquals("room", RequestValidation.sanitized(" \u0001ro\u007fom\t "));
    }
}
