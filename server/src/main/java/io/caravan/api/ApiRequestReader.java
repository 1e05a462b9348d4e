package io.caravan.api;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.QueryParams;
import io.caravan.routes.ExchangeProperties;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * First step of the API pipeline: captures the HTTP request as an {@link ApiRequest} exchange property and drops
 * every message header. platform-http copies message headers into the HTTP response and vertx-http copies them into
 * requests to nodes, so the pipeline keeps its state in properties and starts from an empty header set.
 */
public final class ApiRequestReader {


    public void read(Exchange exchange) {
        Message in = exchange.getMessage();
        // /bigbluebutton/api/{call}, or /t/{tenant}/bigbluebutton/api/{call}
        int callSegment = "t".equals(RequestPath.segment(in, 0)) ? 4 : 2;
        String call = RequestPath.segment(in, callSegment);
        if (call == null) {
            call = "";
        } else if (call.equals("hooks") && RequestPath.segment(in, callSegment + 1) != null) {
            // bbb-webhooks' calls are hooks/create, hooks/list, hooks/destroy, and their checksums cover that name
            call = call + "/" + RequestPath.segment(in, callSegment + 1);
        }
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String rawQuery = in.getHeader(Exchange.HTTP_RAW_QUERY, "", String.class);
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);

        Map<String, List<String>> params = new LinkedHashMap<>(QueryParams.decode(rawQuery));
        byte[] body = null;
        MultiMap form = formOf(in, contentType);
        if (form != null) {
            form.forEach(e -> params.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            body = encodeForm(form);
        } else if (in.getBody() != null) {
            body = bytesOf(in.getBody(), exchange);
        }

        ApiRequest request = new ApiRequest(call, method, rawQuery, params, contentType, body);
        exchange.setProperty(ExchangeProperties.API_REQUEST, request);
        exchange.setProperty(ExchangeProperties.CALL, call);
        exchange.setProperty(ExchangeProperties.MEETING_ID, request.meetingId());
        in.getHeaders().clear();
        in.setBody(null);
    }

    private static MultiMap formOf(Message in, String contentType) {
        if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        return in instanceof HttpMessage http ? http.getRequest().formAttributes() : null;
    }

    // The checksum of a form POST covers the query (or, with an empty query, the decoded fields), so re-encoding the
    // form for the node cannot break it. The client's own checksum is left out: the node gets Caravan's.
    private static byte[] encodeForm(MultiMap form) {
        StringBuilder encoded = new StringBuilder();
        form.forEach(e -> {
            if ("checksum".equals(e.getKey())) {
                return;
            }
            if (encoded.length() > 0) {
                encoded.append('&');
            }
            encoded.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        });
        return encoded.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytesOf(Object body, Exchange exchange) {
        if (body instanceof Buffer buffer) {
            return buffer.getBytes();
        }
        byte[] bytes = exchange.getContext().getTypeConverter().convertTo(byte[].class, exchange, body);
        return bytes == null || bytes.length == 0 ? null : bytes;
    }
}
