package dev.ollamaperf.client.transport;

import okhttp3.Call;

/**
 * Lets another thread cancel a streaming call: {@link #cancel()} closes the connection of the attempt in flight
 * (so Ollama stops generating and frees the slot) and prevents further attempts. One per call; thread-safe.
 */
public final class CallControl {

    private volatile boolean cancelled;
    private volatile Call active;

    /** Cancels the call now, or the next attempt as soon as it opens. Idempotent. */
    public void cancel() {
        cancelled = true;
        Call call = active;
        if (call != null) {
            call.cancel();
        }
    }

    /** True after {@link #cancel()}. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Attached before the request is sent, so a cancel also ends an attempt still waiting for the response. */
    void attach(Call call) {
        active = call;
        if (cancelled) {
            call.cancel();
        }
    }

    void detach() {
        active = null;
    }
}
