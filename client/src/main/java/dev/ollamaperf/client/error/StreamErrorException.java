package dev.ollamaperf.client.error;

import dev.ollamaperf.client.StreamAggregate;
import java.util.Objects;

/**
 * The server sent {@code {"error":...}} after tokens had started (HTTP status stays 200, no {@code done} chunk), or
 * a line could not be decoded; also a 200 response whose whole body is an error object or undecodable (then the
 * partial aggregate is empty). Carries what had been received.
 */
public final class StreamErrorException extends OllamaException {

    private static final long serialVersionUID = 1L;

    private final transient StreamAggregate partial;
    private final String serverMessage;

    /** A mid-stream error with the server's message and the partial aggregate. */
    public StreamErrorException(String serverMessage, StreamAggregate partial, Throwable cause) {
        super(
                ErrorKind.STREAM_ERROR,
                0,
                "stream failed after " + partial.chunkCount() + " chunks: " + serverMessage,
                cause);
        this.serverMessage = serverMessage;
        this.partial = Objects.requireNonNull(partial, "partial");
    }

    /** What was received before the error. */
    public StreamAggregate partial() {
        return partial;
    }

    /** The server's error message (or the decode failure). */
    public String serverMessage() {
        return serverMessage;
    }
}
