package dev.ollamaperf.client;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets another thread cancel a streaming call: {@link #cancel()} closes the connection of the attempt in flight
 * (so Ollama stops generating and frees the slot) and prevents further attempts. One per call; thread-safe.
 */
public final class CallControl {

    /**
     * The control of a call made without one: nobody else holds it, so nobody can cancel it, and it keeps no actions
     * (a set per call cost about 250 B).
     */
    static final CallControl NONE = new CallControl(false);

    private static final Registration NOTHING_REGISTERED = () -> {};

    private volatile boolean cancelled;
    private final Set<Action> actions; // null for NONE

    public CallControl() {
        this(true);
    }

    private CallControl(boolean cancellable) {
        actions = cancellable ? ConcurrentHashMap.newKeySet() : null;
    }

    /** Cancels the call now, or the next attempt as soon as it opens. Idempotent. */
    public void cancel() {
        if (actions == null) {
            throw new IllegalStateException("a call made without a CallControl cannot be cancelled");
        }
        cancelled = true;
        for (Action a : actions) {
            a.runOnce(actions);
        }
    }

    /** True after {@link #cancel()}. */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Runs {@code action} once when the call is cancelled (at once, on this thread, if it already is), unless the
     * returned registration is closed first. The client closes each attempt's connection this way; an application
     * may add its own clean-up.
     */
    public Registration onCancel(Runnable action) {
        Objects.requireNonNull(action, "action");
        if (actions == null) {
            return NOTHING_REGISTERED; // never cancelled: the action would never run
        }
        Action a = new Action(action);
        actions.add(a);
        if (cancelled) {
            a.runOnce(actions);
        }
        return () -> actions.remove(a);
    }

    /** An {@link #onCancel} action; closing it removes the action (idempotent). */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Action {
        private final Runnable runnable;

        Action(Runnable runnable) {
            this.runnable = runnable;
        }

        void runOnce(Set<Action> from) {
            if (from.remove(this)) {
                runnable.run();
            }
        }
    }
}
