package dev.ollamaperf.client.error;

import dev.ollamaperf.client.StreamAggregate;
import java.util.Objects;

/**
 * The stream ended without its final chunk ({@code done:true} for NDJSON, {@code data: [DONE]} for SSE): the
 * connection dropped or the server stopped. Carries what had been received.
 */
public final class StreamTruncatedException extends OllamaException {

    private static final long serialVersionUID = 1L;

    private final transient StreamAggregate partial;

    /** A truncated stream; {@code cause} is the I/O failure if there was one. */
    public StreamTruncatedException(StreamAggregate partial, Throwable cause) {
        super(
                ErrorKind.STREAM_TRUNCATED,
                0,
                "stream ended without its final chunk after " + partial.chunkCount() + " chunks"
                        + (cause == null ? "" : ": " + cause),
                cause);
        this.partial = Objects.requireNonNull(partial, "partial");
    }

    /** What was received before the stream ended. */
    public StreamAggregate partial() {
        return partial;
    }
}
