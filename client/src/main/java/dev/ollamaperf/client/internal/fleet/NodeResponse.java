package dev.ollamaperf.client.internal.fleet;

import dev.ollamaperf.client.transport.StreamingResponse;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** A passthrough response that gives its node's permit back when it is closed (exactly once). */
final class NodeResponse implements StreamingResponse {

    private final StreamingResponse response;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    NodeResponse(StreamingResponse response, Runnable onClose) {
        this.response = response;
        this.onClose = onClose;
    }

    @Override
    public int status() {
        return response.status();
    }

    @Override
    public Map<String, List<String>> headers() {
        return response.headers();
    }

    @Override
    public long contentLength() {
        return response.contentLength();
    }

    @Override
    public InputStream body() {
        return response.body();
    }

    @Override
    public String contentType() {
        return response.contentType();
    }

    @Override
    public void cancel() {
        response.cancel();
    }

    @Override
    public boolean isCanceled() {
        return response.isCanceled();
    }

    @Override
    public void close() {
        try {
            response.close();
        } finally {
            if (closed.compareAndSet(false, true)) {
                onClose.run();
            }
        }
    }
}
