package io.caravan.tenants;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.caravan.api.ApiRequestReader;
import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.QueryParams;
import io.caravan.inventory.CallRules;
import io.caravan.inventory.ParameterRules;
import io.caravan.inventory.Tenant;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The bean {@code parameterRules}: global and tenant parameter rules, and the tenant's slide and logo, applied to a
 * create or join, with the rules built as InventoryLoader builds them from {@code parameters:}.
 */
class RequestRulesTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    // one context for all tests: the exchanges only carry properties, and a context per test costs more than the test
    private static final CamelContext CAMEL = new DefaultCamelContext();

    @AfterAll
    static void close() throws Exception {
        CAMEL.close();
    }

    @Test
    void withoutRulesTheRequestIsLeftAsItCame() {
        ApiRequest request = get("create", "meetingID=m&name=n&checksum=c");
        Exchange exchange = exchange(request, null);
        new RequestRules(() -> ParameterRules.NONE).apply(exchange, request, null);
        assertSame(request, exchange.getProperty(ExchangeProperties.API_REQUEST));

        Tenant withoutRules = tenant(ParameterRules.NONE, null);
        exchange = exchange(request, withoutRules);
        new RequestRules(() -> ParameterRules.NONE).apply(exchange, request, withoutRules);
        assertSame(request, exchange.getProperty(ExchangeProperties.API_REQUEST));
    }

    @Test
    void aGlobalDefaultIsSentWhenTheClientSentNone() {
        ParameterRules global = rules("create", Map.of("maxParticipants", "100"), Map.of(), Set.of());
        ApiRequest applied = apply(global, null, get("create", "name=Caf%C3%A9%20x&meetingID=m&checksum=c"));
        // the client's part stays byte for byte; its checksum goes, the call is re-signed for the node
        assertEquals("name=Caf%C3%A9%20x&meetingID=m&maxParticipants=100", applied.rawQuery());
        assertEquals(List.of("100"), applied.params().get("maxParticipants"));
        assertEquals("Café x", applied.param("name"));
    }

    @Test
    void aDefaultKeepsWhatTheClientSentInTheQueryOrTheFormBody() {
        ParameterRules global = rules("create", Map.of("record", "true", "maxParticipants", "100"), Map.of(),
                Set.of());
        ApiRequest fromQuery = apply(global, null, get("create", "meetingID=m&record=false&maxParticipants="));
        assertEquals("meetingID=m&record=false&maxParticipants=", fromQuery.rawQuery());
        assertEquals(List.of("false"), fromQuery.params().get("record"));

        ApiRequest fromForm = apply(global, null,
                form("create", "checksum=c", "meetingID=m&record=false&maxParticipants=5"));
        assertEquals("", fromForm.rawQuery());
        assertEquals("meetingID=m&record=false&maxParticipants=5", body(fromForm));
        assertEquals(List.of("false"), fromForm.params().get("record"));
        assertEquals(List.of("5"), fromForm.params().get("maxParticipants"));
    }

    @Test
    void anOverrideReplacesEveryValueTheClientSentInQueryAndFormBody() {
        ParameterRules global = rules("create", Map.of(), Map.of("welcome", "Hello & welcome"), Set.of());
        ApiRequest request = new ApiRequest("create", "POST", "welcome=a&meetingID=m&welcome=b&checksum=c",
                Map.of("welcome", List.of("a", "b", "c"), "meetingID", List.of("m"), "name", List.of("n")), FORM,
                "name=n&welcome=c".getBytes(StandardCharsets.UTF_8));

        ApiRequest applied = apply(global, null, request);

        assertEquals("meetingID=m&welcome=Hello+%26+welcome", applied.rawQuery());
        assertEquals("name=n", body(applied));
        assertEquals(List.of("Hello & welcome"), applied.params().get("welcome"));
        assertEquals(List.of("n"), applied.params().get("name"));
    }

    @Test
    void anOverrideIsSentWhenTheClientSentNone() {
        ParameterRules global = rules("join", Map.of(), Map.of("userdata-bbb_auto_join_audio", "true"), Set.of());
        ApiRequest applied = apply(global, null, get("join", "meetingID=m&fullName=A&checksum=c"));
        assertEquals("meetingID=m&fullName=A&userdata-bbb_auto_join_audio=true", applied.rawQuery());
    }

    @Test
    void aBlockedParameterNeverReachesANodeEvenWhenARuleSetsIt() {
        ParameterRules global = rules("create", Map.of("meta_secret", "d"), Map.of("meta_secret", "o"),
                Set.of("meta_secret"));
        ApiRequest request = new ApiRequest("create", "POST", "meta_secret=q&meetingID=m&meta%5Fsecret=q2",
                Map.of("meta_secret", List.of("q", "q2", "f"), "meetingID", List.of("m"), "name", List.of("n")),
                FORM + "; charset=UTF-8", "meta_secret=f&name=n".getBytes(StandardCharsets.UTF_8));

        ApiRequest applied = apply(global, null, request);

        assertEquals("meetingID=m", applied.rawQuery(), "an encoded name is the same parameter");
        assertEquals("name=n", body(applied));
        assertFalse(applied.params().containsKey("meta_secret"));
    }

    @Test
    void theTenantsRulesApplyOnTopOfTheGlobalOnes() {
        ParameterRules global = rules("create", Map.of("record", "true", "maxParticipants", "100"),
                Map.of("welcome", "Global"), Set.of("meta_a"));
        ParameterRules own = rules("create", Map.of("record", "false"), Map.of("welcome", "Acme"), Set.of("meta_b"));
        ApiRequest applied = apply(global, tenant(own, null),
                get("create", "meetingID=m&welcome=client&meta_a=1&meta_b=2&checksum=c"));

        assertEquals("false", applied.param("record"), "the tenant's default replaces the global default");
        assertEquals("100", applied.param("maxParticipants"), "a global default the tenant leaves alone");
        assertEquals(List.of("Acme"), applied.params().get("welcome"),
                "the tenant's override replaces the global override");
        assertFalse(applied.params().containsKey("meta_a"), "the global block");
        assertFalse(applied.params().containsKey("meta_b"), "the tenant's block");
        assertEquals(Map.of("meetingID", "m", "record", "false", "maxParticipants", "100", "welcome", "Acme"),
                single(QueryParams.decode(applied.rawQuery())), "the query says the same as the parameters");
    }

    @Test
    void aTenantsBlockRemovesWhatAGlobalRuleWouldSet() {
        ParameterRules global = rules("create", Map.of("record", "true"), Map.of("welcome", "Global"), Set.of());
        ParameterRules own = rules("create", Map.of(), Map.of(), Set.of("record", "welcome"));
        ApiRequest applied = apply(global, tenant(own, null), get("create", "meetingID=m&welcome=w&checksum=c"));
        assertEquals("meetingID=m", applied.rawQuery());
    }

    @Test
    void rulesApplyOnlyToTheCallTheyAreDeclaredFor() {
        ParameterRules global = new ParameterRules(Map.of(
                "create", new CallRules(Map.of("record", "true"), Map.of(), Set.of()),
                "join", new CallRules(Map.of(), Map.of("role", "VIEWER"), Set.of())));
        ApiRequest join = apply(global, null, get("join", "meetingID=m&role=MODERATOR&checksum=c"));
        assertEquals("meetingID=m&role=VIEWER", join.rawQuery());

        ApiRequest create = apply(global, null, get("create", "meetingID=m&role=MODERATOR&checksum=c"));
        assertEquals("meetingID=m&role=MODERATOR&record=true", create.rawQuery());

        ApiRequest request = get("end", "meetingID=m&checksum=c");
        Exchange exchange = exchange(request, null);
        new RequestRules(() -> global).apply(exchange, request, null);
        assertSame(request, exchange.getProperty(ExchangeProperties.API_REQUEST), "no rules for end");
    }

    @Test
    void theGlobalRulesAreReadOnEveryCall() {
        // the inventory may be reloaded while Caravan runs: the bean must see the rules of the moment
        ParameterRules[] current = {rules("create", Map.of("record", "true"), Map.of(), Set.of())};
        RequestRules bean = new RequestRules(() -> current[0]);
        ApiRequest request = get("create", "meetingID=m&checksum=c");
        Exchange first = exchange(request, null);
        bean.apply(first, request, null);
        assertEquals("true", first.getProperty(ExchangeProperties.API_REQUEST, ApiRequest.class).param("record"));

        current[0] = rules("create", Map.of("record", "false"), Map.of(), Set.of());
        Exchange second = exchange(request, null);
        bean.apply(second, request, null);
        assertEquals("false", second.getProperty(ExchangeProperties.API_REQUEST, ApiRequest.class).param("record"));
    }

    @Test
    void theTenantsLogoIsACreateDefaultBelowAnyExplicitDefault() {
        Tenant withLogo = tenant(ParameterRules.NONE, "https://cdn.acme.example/logo.png?a=1&b=2");
        assertEquals("meetingID=m&logo=https%3A%2F%2Fcdn.acme.example%2Flogo.png%3Fa%3D1%26b%3D2",
                apply(ParameterRules.NONE, withLogo, get("create", "meetingID=m&checksum=c")).rawQuery());
        assertEquals("https://cdn.acme.example/logo.png?a=1&b=2",
                apply(ParameterRules.NONE, withLogo, get("create", "meetingID=m")).param("logo"));

        assertEquals("meetingID=m&logo=mine", apply(ParameterRules.NONE, withLogo,
                get("create", "meetingID=m&logo=mine&checksum=c")).rawQuery(), "the client's own logo");

        ParameterRules globalLogo = rules("create", Map.of("logo", "https://global/logo.png"), Map.of(), Set.of());
        assertEquals("https://global/logo.png", apply(globalLogo, withLogo, get("create", "meetingID=m")).param("logo"));

        Tenant ownDefault = tenant(rules("create", Map.of("logo", "https://own/logo.png"), Map.of(), Set.of()),
                "https://cdn.acme.example/logo.png");
        assertEquals("https://own/logo.png", apply(ParameterRules.NONE, ownDefault, get("create", "meetingID=m"))
                .param("logo"));

        Tenant blocked = tenant(rules("create", Map.of(), Map.of(), Set.of("logo")), "https://cdn/logo.png");
        assertEquals("meetingID=m", apply(ParameterRules.NONE, blocked, get("create", "meetingID=m&checksum=c"))
                .rawQuery());

        ApiRequest join = get("join", "meetingID=m&checksum=c");
        Exchange exchange = exchange(join, withLogo);
        new RequestRules(() -> ParameterRules.NONE).apply(exchange, join, withLogo);
        assertSame(join, exchange.getProperty(ExchangeProperties.API_REQUEST), "a join has no logo");
    }

    @Test
    void theTenantsSlideBecomesThePresentationOfACreateWithoutBody() {
        Tenant withSlide = new Tenant("acme", List.of("s"), List.of(), 0, 0, List.of(), ParameterRules.NONE,
                "https://cdn.acme.example/welcome.pdf?a=1&b=\"2\"", null);
        ApiRequest request = get("create", "meetingID=m&checksum=c");
        Exchange exchange = exchange(request, withSlide);

        new RequestRules(() -> ParameterRules.NONE).injectSlide(exchange, request, withSlide);

        ApiRequest slid = exchange.getProperty(ExchangeProperties.API_REQUEST, ApiRequest.class);
        assertEquals("POST", slid.method(), "a body makes the create a POST");
        assertEquals("application/xml", slid.contentType());
        assertEquals("<modules><module name=\"presentation\"><document "
                + "url=\"https://cdn.acme.example/welcome.pdf?a=1&amp;b=&quot;2&quot;\"/></module></modules>",
                body(slid));
        assertEquals(request.rawQuery(), slid.rawQuery());
        assertEquals(request.params(), slid.params());
    }

    @Test
    void aCreateWithItsOwnBodyOrWithoutSlideGetsNoSlide() {
        Tenant withSlide = new Tenant("acme", List.of("s"), List.of(), 0, 0, List.of(), ParameterRules.NONE,
                "https://cdn.acme.example/welcome.pdf", null);
        RequestRules bean = new RequestRules(() -> ParameterRules.NONE);

        ApiRequest own = new ApiRequest("create", "POST", "meetingID=m", QueryParams.decode("meetingID=m"),
                "application/xml", "<modules/>".getBytes(StandardCharsets.UTF_8));
        Exchange exchange = exchange(own, withSlide);
        bean.injectSlide(exchange, own, withSlide);
        assertSame(own, exchange.getProperty(ExchangeProperties.API_REQUEST), "the client's presentation is kept");

        ApiRequest bare = get("create", "meetingID=m");
        Tenant withoutSlide = tenant(ParameterRules.NONE, null);
        exchange = exchange(bare, withoutSlide);
        bean.injectSlide(exchange, bare, withoutSlide);
        assertSame(bare, exchange.getProperty(ExchangeProperties.API_REQUEST));

        exchange = exchange(bare, null);
        bean.injectSlide(exchange, bare, null);
        assertSame(bare, exchange.getProperty(ExchangeProperties.API_REQUEST));
        assertNull(bare.body());
    }

    @Test
    void aCapLowersAHigherValueAndSendsItselfForNoneOrNoLimit() {
        ParameterRules global = capped("create", Map.of("duration", 240));
        assertEquals("meetingID=m&duration=240",
                apply(global, null, get("create", "duration=600&meetingID=m&checksum=c")).rawQuery(),
                "above the cap: lowered to it");
        assertEquals("duration=90&meetingID=m",
                apply(global, null, get("create", "duration=90&meetingID=m&checksum=c")).rawQuery(),
                "within the cap: left as the client sent it");
        assertEquals("meetingID=m&duration=240", apply(global, null, get("create", "meetingID=m")).rawQuery(),
                "none is bbb-web's no limit: the cap is sent");
        for (String unlimited : List.of("0", "-5", "soon", "")) {
            assertEquals(List.of("240"), apply(global, null, get("create", "meetingID=m&duration=" + unlimited))
                    .params().get("duration"), "duration=" + unlimited);
        }
    }

    @Test
    void aCapAppliesToEveryCopyAndToWhatTheOtherRulesSet() {
        ApiRequest twice = apply(capped("create", Map.of("maxParticipants", 50)), null,
                form("create", "maxParticipants=10", "meetingID=m&maxParticipants=900"));
        assertEquals("maxParticipants=10", twice.rawQuery(), "the first copy, within the cap, is the one kept");
        assertEquals("meetingID=m", body(twice));
        assertEquals(List.of("10"), twice.params().get("maxParticipants"));

        ParameterRules rules = new ParameterRules(Map.of("create", new CallRules(Map.of("duration", "600"),
                Map.of("maxParticipants", "900"), Set.of(), Map.of("duration", 240, "maxParticipants", 50))));
        ApiRequest applied = apply(rules, null, get("create", "meetingID=m"));
        assertEquals("50", applied.param("maxParticipants"), "an override above the cap");
        assertEquals("240", applied.param("duration"), "a default above the cap");

        ParameterRules blocked = new ParameterRules(Map.of("create", new CallRules(Map.of(), Map.of(),
                Set.of("duration"), Map.of("duration", 240))));
        assertFalse(apply(blocked, null, get("create", "meetingID=m&duration=10")).params().containsKey("duration"),
                "block applies last");
    }

    @Test
    void theTenantsCapReplacesTheGlobalOne() {
        ApiRequest applied = apply(capped("create", Map.of("duration", 240)),
                tenant(capped("create", Map.of("duration", 480)), null), get("create", "meetingID=m&duration=600"));
        assertEquals("480", applied.param("duration"));
    }

    private static ParameterRules capped(String call, Map<String, Integer> caps) {
        return new ParameterRules(Map.of(call, new CallRules(Map.of(), Map.of(), Set.of(), caps)));
    }

    private ApiRequest apply(ParameterRules global, Tenant tenant, ApiRequest request) {
        Exchange exchange = exchange(request, tenant);
        new RequestRules(() -> global).apply(exchange, request, tenant);
        return exchange.getProperty(ExchangeProperties.API_REQUEST, ApiRequest.class);
    }

    private Exchange exchange(ApiRequest request, Tenant tenant) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(ExchangeProperties.API_REQUEST, request);
        if (tenant != null) {
            exchange.setProperty(ExchangeProperties.TENANT, tenant);
        }
        return exchange;
    }

    private static ParameterRules rules(String call, Map<String, String> defaults, Map<String, String> overrides,
            Set<String> blocked) {
        return new ParameterRules(Map.of(call, new CallRules(defaults, overrides, blocked)));
    }

    private static Tenant tenant(ParameterRules rules, String logo) {
        return new Tenant("acme", List.of("s"), List.of(), 0, 0, List.of(), rules, null, logo);
    }

    private static ApiRequest get(String call, String rawQuery) {
        return new ApiRequest(call, "GET", rawQuery, QueryParams.decode(rawQuery), null, null);
    }

    /** A form POST as ApiRequestReader makes it: the fields are parameters too. */
    private static ApiRequest form(String call, String rawQuery, String fields) {
        Map<String, List<String>> params = new java.util.LinkedHashMap<>(QueryParams.decode(rawQuery));
        QueryParams.decode(fields).forEach((name, values) -> params.computeIfAbsent(name, k -> new java.util.ArrayList<>())
                .addAll(values));
        return new ApiRequest(call, "POST", rawQuery, params, FORM, fields.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(ApiRequest request) {
        return new String(request.body(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> single(Map<String, List<String>> params) {
        Map<String, String> single = new java.util.HashMap<>();
        params.forEach((name, values) -> {
            assertEquals(1, values.size(), name);
            single.put(name, values.get(0));
        });
        return single;
    }
}
