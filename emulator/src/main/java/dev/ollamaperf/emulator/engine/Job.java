package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.util.Arrays;
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
    /** The prompt as the model evaluates it (fitted into num_ctx for generation), or the refusal. */
    final ContextWindow.Fitted prompt;
    /** Prompt tokens the final chunk reports as {@code prompt_eval_count}: cached and new, at least 1. */
    final int promptTokens;

    final int outputTokens;
    final boolean lengthLimited;
    final TokenText text;
    final SplittableRandom jitterRandom;
    final Faults faults;
    private final EmulatedEngine engine;

    State state = State.NEW;
    Runner runner;
    /** The slot the job holds (PREFILL, DECODE), null before. */
    PromptSlots.Slot slot;
    /** Prompt tokens its slot already held: they cost no prefill time. */
    int cachedTokens;
    /** True once prefill ended: from then on the slot holds the whole prompt. */
    boolean prefilled;
    /** The text generated so far; it stays in the slot's cache after the prompt. */
    final StringBuilder generated = new StringBuilder();

    long loadNanos;
    long slotStartNanos;
    /** When its prompt's batch starts computing (after the fixed overhead); its end is the prefill deadline. */
    long batchStartNanos;

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
        this.prompt = request.kind() == GenerationRequest.Kind.GENERATE
                ? ContextWindow.fit(request.prompt(), numCtx)
                : new ContextWindow.Fitted(PromptTokens.of(request.promptText()), request.promptText(), null);
        this.promptTokens = Math.max(1, prompt.tokens().length);
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
     * What the job leaves in its slot's cache (llama-server keeps the whole sequence): the prompt and
     * the generated text after it, rendered as the next chat turn will render them (one line per
     * message); after an interrupted prefill only the reused prefix; after a cut prompt only its tokens.
     */
    long[] tokensLeftInSlot() {
        if (!prefilled) {
            return Arrays.copyOf(prompt.tokens(), cachedTokens);
        }
        if (prompt.text() == null) {
            return prompt.tokens();
        }
        return generated.length() == 0 ? prompt.tokens() : PromptTokens.of(prompt.text() + "\n" + generated);
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
