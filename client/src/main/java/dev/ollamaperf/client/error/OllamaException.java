package dev.ollamaperf.client.error;

import java.util.Objects;

/**
 * Every failure the client reports: a sealed set, one subclass per {@link ErrorKind}, so callers can switch over
 * it exhaustively and metrics can count by kind. Unchecked.
 */
public abstract sealed class OllamaException extends RuntimeException
        permits ModelNotFoundException,
                ServerBusyException,
                BadRequestException,
                ServerErrorException,
                UnexpectedStatusException,
                RequestTimeoutException,
                ConnectionFailedException,
                StreamErrorException,
                StreamTruncatedException,
                LimiterTimeoutException,
                RateLimitedException {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final int status;

    OllamaException(ErrorKind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
    }

    /** What went wrong, as a metrics label. */
    public ErrorKind kind() {
        return kind;
    }

    /** The HTTP status the server sent, or 0 when there was no response status (or it was 200 mid-stream). */
    public int status() {
        return status;
    }
}
