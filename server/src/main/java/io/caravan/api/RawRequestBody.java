package io.caravan.api;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.caravan.bbb.BbbError;
import io.caravan.routes.ExchangeProperties;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Reads the body of a request whose endpoint has no Vert.x body handler ({@code useBodyHandler=false}). Vert.x's
 * body handler parses a multipart/form-data upload into files and fields and keeps none of its bytes, but
 * putRecordingTextTrack must reach the node byte for byte, boundary included. The request arrives paused; this step
 * resumes it and lets the exchange go on when the last byte has arrived, without a thread waiting for the client.
 */
public final class RawRequestBody extends AsyncProcessorSupport {

    private final long maxBytes;
    private final long timeoutMillis;

    /**
     * @param maxBytes      the largest body accepted (camel.server.max-body-size applies to the other endpoints)
     * @param timeoutMillis how long the client may take to send it
     */
    public RawRequestBody(long maxBytes, long timeoutMillis) {
        this.maxBytes = maxBytes;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Replaces the paused request in the message body with the bytes the client sent (a Vert.x buffer); a body too
     * large or not read to its end is refused in {@link ExchangeProperties#REFUSAL}.
     */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Message message = exchange.getMessage();
        if (!(message.getBody() instanceof HttpServerRequest request)) {
            callback.done(true);
            return true;
        }
        CompletableFuture<Buffer> done = new CompletableFuture<>();
        Buffer body = Buffer.buffer();
        request.exceptionHandler(done::completeExceptionally);
        request.handler(chunk -> {
            if (body.length() + chunk.length() > maxBytes) {
                done.completeExceptionally(new BbbError("maxBodySize", "The request body is too large."));
                return;
            }
            if (!done.isDone()) {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> done.complete(body));
        done.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((bytes, failure) -> {
            if (failure == null) {
                message.setBody(bytes);
            } else {
                exchange.setProperty(ExchangeProperties.REFUSAL, failure instanceof BbbError error ? error
                        : failure.getCause() instanceof BbbError cause ? cause
                        : new BbbError("uploadFailed", "The request body could not be read."));
            }
            callback.done(false);
        });
        request.resume();
        return false;
    }
}
