package dev.ollamaperf.load.protocol;

/** How one request ended, from the user's side. Names are the error kinds written to metrics.json. */
public enum RequestOutcome {
    /** The answer arrived whole (done chunk, or [DONE]). */
    OK("ok"),
    /** The server answered with a non-200 status before streaming (404, 503, 500...). */
    HTTP_ERROR("http"),
    /** Tokens had started and an {@code {"error":...}} line ended the stream. */
    STREAM_ERROR("stream_error"),
    /** The connection closed before the final chunk, without an error line. */
    DROPPED("dropped_stream"),
    /** No answer, or no next line, within the request timeout. */
    TIMEOUT("timeout"),
    /** The connection could not be made or broke before any response. */
    CONNECTION("connection");

    private final String kind;

    RequestOutcome(String kind) {
        this.kind = kind;
    }

    /** The error-kind key; HTTP errors add their status, e.g. {@code http_503}. */
    public String kind(int httpStatus) {
        return this == HTTP_ERROR ? kind + "_" + httpStatus : kind;
    }
}
