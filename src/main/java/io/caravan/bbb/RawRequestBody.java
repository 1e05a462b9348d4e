package io.caravan.bbb;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Reads the body of a request whose endpoint has no Vert.x body handler ({@code useBodyHandler=false}). Vert.x's
 * body handler parses a multipart/form-data upload into files and fields and keeps none of its bytes, but
 * putRecordingTextTrack must reach the node byte for byte, boundary included. The request arrives paused; this runs
 * on a worker thread (platform-http processes exchanges there), which waits for the body as every API request waits
 * for its node.
 */
public final class RawRequestBody {

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

    /** Replaces the paused request in the message body with the bytes the client sent (a Vert.x buffer). */
    public void read(Exchange exchange) {
        Message message = exchange.getMessage();
        if (!(message.getBody() instanceof HttpServerRequest request)) {
            return;
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
        request.resume();
        try {
            message.setBody(done.get(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BbbError error) {
                throw error;
            }
            throw new BbbError("uploadFailed", "The request body could not be read.");
        } catch (TimeoutException e) {
            throw new BbbError("uploadFailed", "The request body could not be read.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BbbError("uploadFailed", "The request body could not be read.");
        }
    }
}
