package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;

/**
 * One submitted request and everything the engine tracks about it. All mutable fields are guarded
 * by the engine lock (see {@link Scheduler}); the only method other threads call is
 * {@link #cancel()}, which takes that lock.
 */
final class Job implements Generation {

    /** Where the request is in its life; transitions only forward, except through cancel. */
    enum State {
        NEW,
        QUEUED,
        SCHEDULING,
        LOAD_WAIT,
        SLOT_WAIT,
        PREFILL,
        DECODE,
        FINISHED
    }

    final long ordinal;
    final GenerationRequest request;
    final ModelProfile profile;
    final TokenSink sink;
    final long submittedNanos;
    final int numCtx;
    final int promptTokens;
    final int outputTokens;
    final boolean lengthLimited;
    final TokenText text;
    final SplittableRandom jitterRandom;
    final Faults faults;
    private final EmulatedEngine engine;

    State state = State.NEW;
    Runner runner;
    long loadNanos;
    long slotStartNanos;
    long prefillEndNanos;
    long promptEvalNanos;
    int emitted;
    /** Intended time of the next timer event (prefill end or token). */
    long deadline;
    /** The part of the current interval that is not decode work (stall, spike); never rescaled. */
    long extraNanos;
    /** Active slots the current interval was computed for. */
    int intervalSlots;
    /** Bumped whenever the pending timer is replaced, so a stale timer does nothing. */
    long epoch;

    ScheduledFuture<?> timer;

    Job(
            EmulatedEngine engine,
            long ordinal,
            GenerationRequest request,
            ModelProfile profile,
            TokenSink sink,
            long submittedNanos,
            int numCtx,
            long engineSeed,
            Faults faults) {
        this.engine = engine;
        this.ordinal = ordinal;
        this.request = request;
        this.profile = profile;
        this.sink = sink;
        this.submittedNanos = submittedNanos;
        this.numCtx = numCtx;
        this.faults = faults;
        this.promptTokens = estimatePromptTokens(request.promptText());
        this.text = TokenText.forRequest(request, profile);
        this.jitterRandom = new SplittableRandom(SeedMixer.mix(engineSeed, ordinal));
        if (request.numPredict() >= 0) {
            this.outputTokens = request.numPredict();
            this.lengthLimited = true;
        } else {
            this.outputTokens = text.drawLength(profile.outputTokensMean(), profile.outputTokensStdDev());
            this.lengthLimited = false;
        }
    }

    /**
     * Prompt tokens estimated the way a typical BPE tokenizer averages on English text: about four
     * characters per token, rounded up, at least 1.
     */
    static int estimatePromptTokens(String promptText) {
        return Math.max(1, (promptText.length() + 3) / 4);
    }

    /** The request's keep-alive, normalized (negative means forever), or null when absent. */
    Duration keepAlive() {
        Duration keepAlive = request.keepAlive();
        if (keepAlive == null) {
            return null;
        }
        return keepAlive.isNegative() ? GoDuration.FOREVER : keepAlive;
    }

    boolean isFinished() {
        return state == State.FINISHED;
    }

    boolean holdsSlot() {
        return state == State.PREFILL || state == State.DECODE;
    }

    @Override
    public void cancel() {
        engine.cancel(this);
    }

    @Override
    public String toString() {
        return "request #" + ordinal + " for " + profile.name() + " (" + state + ")";
    }

    /**
     * The fault decisions for this request, drawn at submission from the engine's seeded generator.
     *
     * @param stallAfter tokens before the stall, or -1 for none
     * @param stallNanos stall length
     * @param dropAfter  tokens before the drop, or -1 for none
     */
    record Faults(int stallAfter, long stallNanos, int dropAfter) {
        static final Faults NONE = new Faults(-1, 0, -1);
    }
}
