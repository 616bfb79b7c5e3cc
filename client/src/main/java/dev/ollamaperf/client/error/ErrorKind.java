package dev.ollamaperf.client.error;

/** The kind of an {@link OllamaException}: the label used for error metrics and for retry/fallback rules. */
public enum ErrorKind {
    /** 404: the model is not present on the server. */
    MODEL_NOT_FOUND,
    /** 503: the server's scheduler queue is full. */
    SERVER_BUSY,
    /** 400: the request is invalid for this server or model. */
    BAD_REQUEST,
    /** Other 5xx: load failure, runner crash, bad option type. */
    SERVER_ERROR,
    /** Any other unexpected HTTP status. */
    UNEXPECTED_STATUS,
    /** A connect, read or call timeout. */
    TIMEOUT,
    /** The connection could not be made or was lost before a response began. */
    CONNECTION_FAILED,
    /** The server sent an {@code {"error":...}} line after tokens had started. */
    STREAM_ERROR,
    /** The stream ended without its final {@code done} chunk (or {@code [DONE]}). */
    STREAM_TRUNCATED,
    /** The client's concurrency limiter did not grant a permit in time. */
    LIMITER_TIMEOUT,
    /** The client's rate limiter refused the call. */
    RATE_LIMITED
}
