package dev.ollamaperf.client.transport;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * An open response whose body is read incrementally, as {@link dev.ollamaperf.client.OllamaClient#forward} returns
 * it (any status). {@link #close()} (or {@link #cancel()} from any thread) closes the connection when the body was
 * not read to its end, so Ollama sees the disconnect, stops generating and frees the request's slot.
 */
public interface StreamingResponse extends AutoCloseable {

    /** The HTTP status. */
    int status();

    /** Every response header, names lower-cased, values in arrival order. */
    Map<String, List<String>> headers();

    /** The body's length in bytes when the server declared it, else -1 (a chunked stream). */
    long contentLength();

    /** The body, read as bytes arrive. */
    InputStream body();

    /** The response's {@code Content-Type}, or {@code ""}. */
    String contentType();

    /** Aborts the call: the socket is closed at once; a blocked read fails. Safe from any thread. */
    void cancel();

    /** True after {@link #cancel()}, and once the call's timeout has fired (which cancels the call too). */
    boolean isCanceled();

    /** Closes the connection unless the body was read to its end. */
    @Override
    void close();
}
