package io.caravan.webhooks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.caravan.api.RequestPath;
import io.caravan.api.VerifiedSecret;
import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.bbb.HookAnswers;
import io.caravan.inventory.Tenant;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bbb-webhooks' API answered by Caravan itself: hooks/create, hooks/list and hooks/destroy, each tenant seeing and
 * removing its own hooks only. The meetingID a hook names is kept as the nodes know it (the pipeline has put the
 * tenant's namespace on it), which is what events carry; the answers go back through the pipeline's
 * {@code tenantMeetings.toClient}, which gives the client its own IDs. A refusal is recorded in
 * {@link ExchangeProperties#REFUSAL} for the route to answer, as for every API call.
 */
public final class HooksApi {

    private static final Logger LOG = LoggerFactory.getLogger(HooksApi.class);

    private static final java.util.Set<String> CALLS = java.util.Set.of("create", "list", "destroy");

    private final Hooks hooks;
    private final UnaryOperator<String> secretId;

    /** @param secretId names a secret without giving it away (CallbackTokens.secretId) */
    public HooksApi(Hooks hooks, UnaryOperator<String> secretId) {
        this.hooks = hooks;
        this.secretId = secretId;
    }

    /**
     * Whether the request is one of bbb-webhooks' calls ({@code /bigbluebutton/api/hooks/create}, list, destroy,
     * under {@code /t/<tenant>} too), read from the path itself, with nothing deeper.
     */
    public boolean isHooksCall(Exchange exchange) {
        Message in = exchange.getMessage();
        int api = "t".equals(RequestPath.segment(in, 0)) ? 4 : 2;
        return "hooks".equals(RequestPath.segment(in, api))
                && CALLS.contains(String.valueOf(RequestPath.segment(in, api + 1)))
                && RequestPath.segment(in, api + 2) == null;
    }

    /**
     * bbb-webhooks routes GET only (express answers HEAD with it); the API pipeline takes POST too, for bbb-web's
     * calls, so a hooks call by POST is refused here.
     */
    public boolean unsupportedMethod(@ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request) {
        return !"GET".equals(request.method()) && !"HEAD".equals(request.method());
    }

    public void create(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant,
            @ExchangeProperty(ExchangeProperties.VERIFIED_SECRET) VerifiedSecret secret) {
        String callbackUrl = request.param("callbackURL");
        if (callbackUrl == null) {
            refuse(exchange, HookAnswers.missingCallbackUrl());
            return;
        }
        String getRaw = request.param("getRaw");
        if (getRaw != null && !getRaw.isEmpty() && !getRaw.equalsIgnoreCase("true")
                && !getRaw.equalsIgnoreCase("false")) {
            // bbb-webhooks fails on it with an HTTP 500; a BBB client reads this one
            refuse(exchange, HookAnswers.createFailed());
            return;
        }
        if (!callbackUrl.startsWith("http://") && !callbackUrl.startsWith("https://")) {
            refuse(exchange, HookAnswers.createFailed());
            return;
        }
        String eventId = request.param("eventID");
        Hook wanted = new Hook(UUID.randomUUID().toString(), tenant == null ? null : tenant.name(), callbackUrl,
                request.param("meetingID"),
                eventId == null ? null : Arrays.asList(eventId.toLowerCase(Locale.ROOT).split(",")),
                Boolean.parseBoolean(getRaw), secret == null ? null : secretId.apply(secret.value()));
        Hook kept;
        try {
            kept = hooks.addUnlessPresent(wanted);
        } catch (RuntimeException e) {
            LOG.warn("hook not created: {}", e.getMessage());
            refuse(exchange, HookAnswers.createFailed());
            return;
        }
        if (kept != wanted) {
            answer(exchange, HookAnswers.duplicate(kept.id()));
            return;
        }
        LOG.info("hook {} created{}", kept.id(), tenant == null ? "" : " for tenant " + tenant.name());
        answer(exchange, HookAnswers.created(kept.id(), kept.raw()));
    }

    /** With a meetingID: the hooks that get its events (all the tenant's meetings, or that one), as bbb-webhooks. */
    public void list(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant) {
        String meetingId = request.param("meetingID");
        List<Hook> all;
        try {
            all = hooks.all();
        } catch (RuntimeException e) {
            LOG.warn("hooks not listed: {}", e.getMessage());
            refuse(exchange, HookAnswers.listFailed());
            return;
        }
        List<HookAnswers.Listed> listed = all.stream()
                .filter(h -> owned(h, tenant))
                .filter(h -> meetingId == null || h.meetingId() == null || h.meetingId().equals(meetingId))
                .sorted(java.util.Comparator.comparing(Hook::id))
                .map(h -> new HookAnswers.Listed(h.id(), h.callbackUrl(), h.meetingId(), h.eventIds(), h.raw()))
                .toList();
        answer(exchange, HookAnswers.list(listed));
    }

    public void destroy(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant) {
        String hookId = request.param("hookID");
        if (hookId == null) {
            refuse(exchange, HookAnswers.missingHookId());
            return;
        }
        try {
            // another tenant's hook is as missing as one that never was: its ID tells nothing
            boolean own = hooks.all().stream().anyMatch(h -> h.id().equals(hookId) && owned(h, tenant));
            if (!own || !hooks.remove(hookId)) {
                refuse(exchange, HookAnswers.missingHook());
                return;
            }
        } catch (RuntimeException e) {
            LOG.warn("hook not removed: {}", e.getMessage());
            refuse(exchange, HookAnswers.destroyFailed());
            return;
        }
        LOG.info("hook {} removed", hookId);
        answer(exchange, HookAnswers.destroyed());
    }

    private static boolean owned(Hook hook, Tenant tenant) {
        return Objects.equals(hook.tenant(), tenant == null ? null : tenant.name());
    }

    private static void refuse(Exchange exchange, BbbError error) {
        exchange.setProperty(ExchangeProperties.REFUSAL, error);
    }

    private static void answer(Exchange exchange, String xml) {
        Message message = exchange.getMessage();
        message.setBody(xml);
    }
}
