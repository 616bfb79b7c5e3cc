package dev.ollamaperf.client.transport;

/**
 * Lets another thread cancel a streaming call: {@link #cancel()} closes the connection of the attempt in flight
 * (so Ollama stops generating and frees the slot) and prevents further attempts. One per call; thread-safe.
 */
public final class CallControl {

    private volatile boolean cancelled;
    private volatile StreamingResponse active;

    /** Cancels the call now, or the next attempt as soon as it opens. Idempotent. */
    public void cancel() {
        cancelled = true;
        StreamingResponse r = active;
        if (r != null) {
            r.cancel();
        }
    }

    /** True after {@link #cancel()}. */
    public boolean isCancelled() {
        return cancelled;
    }

    void attach(StreamingResponse response) {
        active = response;
        if (cancelled) {
            response.cancel();
        }
    }

    void detach() {
        active = null;
    }
}
