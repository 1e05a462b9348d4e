package io.caravan.callbacks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.caravan.api.ApiRequestReader;
import io.caravan.api.VerifiedSecret;
import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.QueryParams;
import io.caravan.inventory.Tenant;
import io.caravan.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * On create, replaces every callback URL the client gave by Caravan's own {@code {public-url}/callbacks/{kind}/{token}},
 * so that nodes call Caravan, which checks the node's signature and re-signs for the client. Only those parameters
 * change, in the query and in a form body alike; the call is re-signed for the node anyway.
 */
public final class CallbackUrls {

    private final String publicUrl;
    private final CallbackTokens tokens;

    /** With an empty public URL or no tokens, create passes callback URLs through unchanged. */
    public CallbackUrls(String publicUrl, CallbackTokens tokens) {
        this.publicUrl = publicUrl;
        this.tokens = tokens;
    }

    public boolean enabled() {
        return publicUrl != null && !publicUrl.isEmpty() && tokens != null;
    }

    public void rewriteCreate(Exchange exchange, @ExchangeProperty(ExchangeProperties.API_REQUEST) ApiRequest request,
            @ExchangeProperty(ExchangeProperties.TENANT) Tenant tenant,
            @ExchangeProperty(ExchangeProperties.VERIFIED_SECRET) VerifiedSecret secret) {
        if (!enabled()) {
            return;
        }
        // the callbacks are signed later with the secret this create was signed with, which the client surely has
        String secretId = secret == null ? null : tokens.secretId(secret.value());
        String meetingId = clientMeetingId(request.meetingId(), tenant);
        String query = request.rawQuery();
        byte[] body = request.body();
        boolean form = body != null && request.contentType() != null
                && request.contentType().toLowerCase().startsWith("application/x-www-form-urlencoded");
        Map<String, List<String>> params = new LinkedHashMap<>(request.params());
        boolean changed = false;
        for (CallbackKind kind : CallbackKind.values()) {
            if (!request.params().containsKey(kind.parameter())) {
                continue;
            }
            UnaryOperator<String> toCaravan = url -> url == null || url.isBlank() ? url
                    : callbackUrl(new CallbackTarget(kind, url, tenant == null ? null : tenant.name(), meetingId,
                            secretId));
            query = QueryParams.rewrite(query, kind.parameter(), toCaravan);
            if (form) {
                body = QueryParams.rewrite(new String(body, StandardCharsets.UTF_8), kind.parameter(), toCaravan)
                        .getBytes(StandardCharsets.UTF_8);
            }
            params.put(kind.parameter(), new ArrayList<>(request.params().get(kind.parameter()).stream()
                    .map(toCaravan).toList()));
            changed = true;
        }
        if (changed) {
            exchange.setProperty(ExchangeProperties.API_REQUEST, request.withParameters(query, params, body));
        }
    }

    String callbackUrl(CallbackTarget target) {
        return publicUrl + "/callbacks/" + target.kind().path() + "/" + tokens.issue(target);
    }

    /** The meetingID the client knows, for a meetingID as the nodes know it. */
    static String clientMeetingId(String nodeMeetingId, Tenant tenant) {
        return tenant != null && tenant.owns(nodeMeetingId)
                ? nodeMeetingId.substring(tenant.namespace().length()) : nodeMeetingId;
    }
}
