package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * One loaded (or loading) model instance, like Ollama's {@code runnerRef}. Guarded by the engine
 * lock (see {@link Scheduler}).
 */
final class Runner {

    /** LOADING: registered, load in progress; READY: serving; DRAINING: no new requests, unloads when idle. */
    enum State {
        LOADING,
        READY,
        DRAINING,
        UNLOADED
    }

    final ModelProfile profile;
    final int numCtx;
    /** llama-server's context shift, fixed at launch: a request asking otherwise forces a reload. */
    final boolean contextShift;

    final int slots;
    /** What each slot keeps in its KV cache, and which slot a new request gets. */
    final PromptSlots promptSlots;

    State state = State.LOADING;
    /** keep_alive of the runner: the most recent explicit value wins. */
    Duration sessionDuration;
    /** When it unloads if it stays idle; null until its reference count first reaches 0. */
    Instant expiresAt;

    ScheduledFuture<?> expiryTimer;
    /** Bumped with every new idle timer, so an older timer that fires late does nothing. */
    long expiryEpoch;
    /** Requests holding a reference: waiting for the load, waiting for a slot, or in a slot. */
    int refCount;

    final List<Job> loadWaiters = new ArrayList<>();
    final ArrayDeque<Job> slotQueue = new ArrayDeque<>();
    final Set<Job> active = new LinkedHashSet<>();
    /** The prompt batches in flight, which hold back the other slots' tokens. */
    final PromptBatches promptBatches = new PromptBatches();

    /**
     * @param promptCache whether slots reuse cached prompt prefixes (never for embedding models,
     *                    whose requests llama-server does not cache)
     */
    Runner(
            ModelProfile profile,
            int numCtx,
            boolean contextShift,
            int slots,
            Duration sessionDuration,
            boolean promptCache) {
        this.profile = profile;
        this.numCtx = numCtx;
        this.contextShift = contextShift;
        this.slots = slots;
        this.promptSlots = new PromptSlots(slots, numCtx, promptCache && !profile.isEmbedding());
        this.sessionDuration = sessionDuration;
    }

    String name() {
        return profile.name();
    }

    /**
     * Can the request use the runner without going through the scheduler queue? Only with the same
     * num_ctx and context shift (docs/ollama-api.md §3.5, §3.7 item 8).
     */
    boolean usableFor(Job job) {
        return (state == State.LOADING || state == State.READY)
                && numCtx == job.numCtx
                && contextShift == job.request.prompt().shift();
    }

    /** Resident bytes: weights plus the KV cache of every slot (docs/ollama-api.md §3.4). */
    long sizeBytes() {
        return profile.sizeBytes() + profile.kvBytesPerToken() * numCtx * (long) slots;
    }

    /**
     * The runner is ready for the job: it takes a free slot if no one is waiting, else queues FIFO.
     */
    void admit(Job job, TokenTimer tokenTimer, StatsRecorder.Counters counters) {
        if (active.size() < slots && slotQueue.isEmpty()) {
            startSlot(job, tokenTimer, counters);
        } else {
            job.state = Job.State.SLOT_WAIT;
            slotQueue.add(job);
            counters.waitingForSlot++;
        }
    }

    /** The job gives up its slot; the first waiters take the free slots. */
    void leave(Job job, TokenTimer tokenTimer, StatsRecorder.Counters counters) {
        tokenTimer.stop(job);
        active.remove(job);
        promptSlots.release(job.slot, job.tokensLeftInSlot());
        counters.inFlight--;
        while (active.size() < slots && !slotQueue.isEmpty()) {
            Job next = slotQueue.poll();
            counters.waitingForSlot--;
            startSlot(next, tokenTimer, counters);
        }
        tokenTimer.rescale(this);
    }

    private void startSlot(Job job, TokenTimer tokenTimer, StatsRecorder.Counters counters) {
        active.add(job);
        job.slot = promptSlots.take(job.prompt.tokens());
        job.cachedTokens = promptSlots.reusable(job.slot, job.prompt.tokens());
        counters.slotTaken();
        counters.promptEvaluated(job.promptTokens, job.cachedTokens);
        tokenTimer.start(job);
        tokenTimer.rescale(this);
    }

    /** What /api/ps shows; an expiry never set yet is {@code now + keep_alive} (docs/ollama-api.md §1.9). */
    LoadedModel describe(Instant now) {
        Instant expires = expiresAt != null ? expiresAt : now.plus(sessionDuration);
        return new LoadedModel(profile, sizeBytes(), sizeBytes(), numCtx, expires);
    }

    void cancelExpiry() {
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
    }

    @Override
    public String toString() {
        return "runner " + name() + " num_ctx=" + numCtx + " " + state + " refs=" + refCount;
    }
}
