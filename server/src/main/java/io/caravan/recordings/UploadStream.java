package io.caravan.recordings;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.caravan.storage.RecordingRefused;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * An upload's body as an InputStream, read by a worker thread while the client is still sending, so a recording of
 * gigabytes is unpacked as it arrives and never held in memory or copied to a temporary file first. The request is
 * paused while the reader is behind (a few chunks queued), so a fast client cannot fill the heap; more than
 * {@code maxBytes} is refused while streaming, and a client that sends nothing for {@code idleTimeoutMillis} is
 * dropped.
 */
final class UploadStream extends InputStream {

    private static final int QUEUED_CHUNKS = 8;
    private static final Object END = new Object();

    private final HttpServerRequest request;
    private final long maxBytes;
    private final long idleTimeoutMillis;
    private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;
    private long received;
    private boolean ended;

    UploadStream(HttpServerRequest request, long maxBytes, long idleTimeoutMillis) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.idleTimeoutMillis = idleTimeoutMillis;
        request.handler(chunk -> {
            chunks.add(chunk);
            if (chunks.size() >= QUEUED_CHUNKS) {
                request.pause();
            }
        });
        request.endHandler(end -> chunks.add(END));
        request.exceptionHandler(chunks::add);
        // the request arrives paused (the endpoint has no body handler)
        request.resume();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (ended || !next()) {
                return -1;
            }
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, into, offset, count);
        position += count;
        return count;
    }

    /**
     * An upload read to its end needs nothing more. One refused before its end goes on being read and dropped, so
     * that the client, still sending, gets to read the answer (the request would otherwise stay paused and the client
     * blocked on a full socket).
     */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            chunks.clear();
            try {
                request.handler(dropped -> { });
                request.exceptionHandler(failure -> { });
                request.endHandler(end -> { });
                request.resume();
            } catch (IllegalStateException alreadyRead) {
                // the whole body had arrived (only this stream had not read it): nothing left to drain
            }
        }
    }

    private boolean next() throws IOException {
        Object chunk;
        try {
            chunk = chunks.poll(idleTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("upload interrupted");
        }
        if (chunks.size() < QUEUED_CHUNKS / 2) {
            request.resume();
        }
        if (chunk == null) {
            throw new IOException("the upload sent nothing for " + idleTimeoutMillis + " ms");
        }
        if (chunk == END) {
            ended = true;
            return false;
        }
        if (chunk instanceof Throwable failure) {
            throw new IOException("the upload broke off: " + failure.getMessage(), failure);
        }
        Buffer buffer = (Buffer) chunk;
        received += buffer.length();
        if (received > maxBytes) {
            throw new RecordingRefused(RecordingRefused.Reason.TOO_MANY_BYTES,
                    "the upload is larger than caravan.recordings.upload.max-bytes (" + maxBytes + " bytes)");
        }
        current = buffer.getBytes();
        position = 0;
        return true;
    }
}
