package dev.ollamaperf.client.transport;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.Response;

/**
 * An open response whose body is read incrementally: always a 200 from the streaming calls, any status from
 * {@link OllamaTransport#forward}. {@link #close()} (or {@link #cancel()} from any thread) closes the connection
 * when the body was not read to its end, so Ollama sees the disconnect, stops generating and frees the request's
 * slot.
 */
public final class StreamingResponse implements AutoCloseable {

    private final Call call;
    private final Response response;

    StreamingResponse(Call call, Response response) {
        this.call = call;
        this.response = response;
    }

    /** The HTTP status. */
    public int status() {
        return response.code();
    }

    /** Every response header, names lower-cased, values in arrival order. */
    public Map<String, List<String>> headers() {
        return response.headers().toMultimap();
    }

    /** The body's length in bytes when the server declared it, else -1 (a chunked stream). */
    public long contentLength() {
        return response.body().contentLength();
    }

    /** The body, read as bytes arrive. */
    public InputStream body() {
        return response.body().byteStream();
    }

    /** The response's {@code Content-Type}, or {@code ""}. */
    public String contentType() {
        String ct = response.header("Content-Type");
        return ct == null ? "" : ct;
    }

    /** Aborts the call: the socket is closed at once; a blocked read fails. Safe from any thread. */
    public void cancel() {
        call.cancel();
    }

    /** True after {@link #cancel()}. */
    public boolean isCanceled() {
        return call.isCanceled();
    }

    @Override
    public void close() {
        response.close();
    }
}
