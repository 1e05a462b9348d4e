package io.caravan.tenants;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.caravan.api.ApiRequestReader;
import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.QueryParams;
import io.caravan.inventory.Tenant;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The tenant's namespace on the way to the nodes and off again on the way back, without a route. */
class TenantMeetingsTest {

    private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";

    // one context for all tests: the exchanges only carry properties, and a context per test costs more than the test
    private static final CamelContext CAMEL = new DefaultCamelContext();
    private final TenantMeetings meetings = new TenantMeetings();
    private final Tenant acme = new Tenant("acme", List.of("s"), List.of(), 0, 0);

    @AfterAll
    static void close() throws Exception {
        CAMEL.close();
    }

    @Test
    void theQuerysMeetingIdGoesToTheNodesInTheTenantsNamespaceAndTheRestByteForByte() {
        // odd but valid encodings elsewhere in the query must survive: the caller's checksum was computed over them
        String raw = "name=Caf%C3%A9%20Ol%c3%a9&meetingID=room-1&attendeePW=a+b&welcome=%3Cb%3E&&flag&checksum=abc123";
        ApiRequest request = get("create", raw);

        ApiRequest toNodes = toNodes(request, acme);

        assertEquals("name=Caf%C3%A9%20Ol%c3%a9&meetingID=acme%7Eroom-1&attendeePW=a+b&welcome=%3Cb%3E&&flag"
                + "&checksum=abc123", toNodes.rawQuery());
        assertEquals("acme~room-1", QueryParams.decode(toNodes.rawQuery()).get("meetingID").get(0));
        assertEquals(List.of("acme~room-1"), toNodes.params().get("meetingID"));
        assertEquals("acme~room-1", toNodes.meetingId());
        assertEquals(request.params().get("name"), toNodes.params().get("name"));
        assertEquals(request.params().get("attendeePW"), toNodes.params().get("attendeePW"));
        assertEquals(List.copyOf(request.params().keySet()), List.copyOf(toNodes.params().keySet()),
                "no parameter added, removed or moved");
        assertEquals("create", toNodes.call());
        assertEquals("GET", toNodes.method());
        assertNull(toNodes.body());
    }

    @Test
    void theMeetingIdPropertyIsTheNodesMeetingIdAfterwards() {
        // the meeting directory and placement look meetings up by this property
        Exchange exchange = exchange(get("getMeetingInfo", "meetingID=room-1&checksum=c"), acme);
        meetings.toNodes(exchange, exchange.getProperty(ExchangeProperties.API_REQUEST, ApiRequest.class), acme);
        assertEquals("acme~room-1", exchange.getProperty(ExchangeProperties.MEETING_ID));
    }

    @Test
    void everyMeetingIdValueIsNamespaced() {
        ApiRequest toNodes = toNodes(get("end", "meetingID=a&meetingID=b%20c&checksum=c"), acme);
        assertEquals("meetingID=acme%7Ea&meetingID=acme%7Eb+c&checksum=c", toNodes.rawQuery());
        assertEquals(List.of("acme~a", "acme~b c"), toNodes.params().get("meetingID"));
    }

    @Test
    void aFormBodysMeetingIdGoesToTheNodesInTheTenantsNamespace() {
        String form = "name=Room%201&meetingID=room+1&record=true";
        ApiRequest request = new ApiRequest("create", "POST", "checksum=abc", QueryParams.decode(form), FORM,
                form.getBytes(StandardCharsets.UTF_8));

        ApiRequest toNodes = toNodes(request, acme);

        assertEquals("name=Room%201&meetingID=acme%7Eroom+1&record=true",
                new String(toNodes.body(), StandardCharsets.UTF_8));
        assertEquals("checksum=abc", toNodes.rawQuery());
        assertEquals(List.of("acme~room 1"), toNodes.params().get("meetingID"));
        assertEquals(FORM, toNodes.contentType());
        assertEquals("POST", toNodes.method());
    }

    @Test
    void aCommaListOfMeetingIdsIsNamespacedAsOneValue() {
        // getRecordings' meetingID may list several; Recordings splits the namespaced value itself
        ApiRequest toNodes = toNodes(get("getRecordings", "meetingID=a,b&checksum=c"), acme);
        assertEquals(List.of("acme~a,b"), toNodes.params().get("meetingID"));
    }

    @Test
    void aPresentationBodyIsForwardedUntouched() {
        // a create's XML body is the presentation: any meetingID in it is the client's text, not a parameter
        byte[] xml = "<modules><module name=\"presentation\"><document name=\"meetingID=room-1\"/></module></modules>"
                .getBytes(StandardCharsets.UTF_8);
        ApiRequest request = new ApiRequest("create", "POST", "meetingID=room-1&checksum=c",
                QueryParams.decode("meetingID=room-1"), "application/xml", xml.clone());

        ApiRequest toNodes = toNodes(request, acme);

        assertArrayEquals(xml, toNodes.body());
        assertEquals("meetingID=acme%7Eroom-1&checksum=c", toNodes.rawQuery());
    }

    @Test
    void withoutTenantNothingIsTouched() {
        ApiRequest request = get("create", "meetingID=room-1&checksum=c");
        Exchange exchange = exchange(request, null);
        meetings.toNodes(exchange, request, null);
        assertSame(request, exchange.getProperty(ExchangeProperties.API_REQUEST));
        assertEquals("room-1", exchange.getProperty(ExchangeProperties.MEETING_ID));
    }

    @Test
    void aCallWithoutMeetingIdIsNotTouched() {
        ApiRequest request = get("getMeetings", "checksum=c");
        Exchange exchange = exchange(request, acme);
        meetings.toNodes(exchange, request, acme);
        assertSame(request, exchange.getProperty(ExchangeProperties.API_REQUEST));
    }

    @Test
    void theNodesAnswerGetsTheClientsMeetingIdsBack() {
        String node = "<response><returncode>SUCCESS</returncode><meetings>"
                + "<meeting><meetingName>Room</meetingName><meetingID>acme~room-1</meetingID></meeting>"
                + "<meeting><meetingID><![CDATA[acme~room 2]]></meetingID></meeting>"
                + "</meetings></response>";
        Exchange exchange = answered(node.getBytes(StandardCharsets.UTF_8));

        meetings.toClient(exchange, acme);

        Object body = exchange.getMessage().getBody();
        assertEquals(byte[].class, body.getClass(), "bytes stay bytes");
        assertEquals("<response><returncode>SUCCESS</returncode><meetings>"
                + "<meeting><meetingName>Room</meetingName><meetingID>room-1</meetingID></meeting>"
                + "<meeting><meetingID><![CDATA[room 2]]></meetingID></meeting>"
                + "</meetings></response>", new String((byte[]) body, StandardCharsets.UTF_8));
    }

    @Test
    void aRealGetMeetingsAnswerComesBackAsTheNodeWouldHaveSentItWithoutTenants() throws Exception {
        String fixture;
        try (var in = getClass().getResourceAsStream("/bbb-api-fixtures/getMeetings_three_meetings.xml")) {
            fixture = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String namespaced = fixture.replace("<meetingID>", "<meetingID>acme~");
        assertEquals(3, namespaced.split("acme~", -1).length - 1, "the fixture's three meetings");
        Exchange exchange = answered(namespaced.getBytes(StandardCharsets.UTF_8));

        meetings.toClient(exchange, acme);

        assertEquals(fixture, new String((byte[]) exchange.getMessage().getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void aTextAnswerStaysText() {
        Exchange exchange = answered("<response><meetingID>acme~room-1</meetingID></response>");
        meetings.toClient(exchange, acme);
        assertEquals("<response><meetingID>room-1</meetingID></response>", exchange.getMessage().getBody());
    }

    @Test
    void onlyTheTenantsNamespaceInAMeetingIdIsTakenOff() {
        // a name the client chose may contain the namespace; only the meetingID element is Caravan's doing
        String node = "<response><meetingName>acme~room-1</meetingName><meetingID>acme~acme~x</meetingID>"
                + "<meetingID>other~room-1</meetingID></response>";
        Exchange exchange = answered(node);
        meetings.toClient(exchange, acme);
        assertEquals("<response><meetingName>acme~room-1</meetingName><meetingID>acme~x</meetingID>"
                + "<meetingID>other~room-1</meetingID></response>", exchange.getMessage().getBody());
    }

    @Test
    void aMeetingIdComesBackAsTheClientSentIt() {
        ApiRequest toNodes = toNodes(get("create", "meetingID=r%C3%A4um+1%2F2&checksum=c"), acme);
        Exchange exchange = answered("<response><meetingID>" + toNodes.meetingId() + "</meetingID></response>");
        meetings.toClient(exchange, acme);
        assertEquals("<response><meetingID>räum 1/2</meetingID></response>", exchange.getMessage().getBody());
    }

    @Test
    void withoutTenantOrBodyTheAnswerIsNotTouched() {
        byte[] node = "<response><meetingID>acme~room-1</meetingID></response>".getBytes(StandardCharsets.UTF_8);
        Exchange exchange = answered(node);
        meetings.toClient(exchange, null);
        assertSame(node, exchange.getMessage().getBody());

        Exchange empty = answered(null);
        meetings.toClient(empty, acme);
        assertNull(empty.getMessage().getBody());

        byte[] unrelated = "<response><returncode>SUCCESS</returncode></response>".getBytes(StandardCharsets.UTF_8);
        Exchange plain = answered(unrelated);
        meetings.toClient(plain, acme);
        assertSame(unrelated, plain.getMessage().getBody());
    }

    private ApiRequest toNodes(ApiRequest request, Tenant tenant) {
        Exchange exchange = exchange(request, tenant);
        meetings.toNodes(exchange, request, tenant);
        return exchange.getProperty(ExchangeProperties.API_REQUEST, ApiRequest.class);
    }

    private Exchange exchange(ApiRequest request, Tenant tenant) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(ExchangeProperties.API_REQUEST, request);
        exchange.setProperty(ExchangeProperties.MEETING_ID, request.meetingId());
        if (tenant != null) {
            exchange.setProperty(ExchangeProperties.TENANT, tenant);
        }
        return exchange;
    }

    private Exchange answered(Object body) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private static ApiRequest get(String call, String rawQuery) {
        Map<String, List<String>> params = QueryParams.decode(rawQuery);
        return new ApiRequest(call, "GET", rawQuery, params, null, null);
    }
}
