package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

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

    /** Every token to generate (eval_count when it ends whole): the thinking ones, then the answer's. */
    final int outputTokens;
    /** Of those, the thinking tokens emitted first. */
    final int thinkingTokens;

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
    int epoch;

    /** Whether a token deadline (prefill end or token) is pending. */
    boolean armed;

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
        GenerationRequest.Output output = request.output();
        boolean fixed = !output.content().isEmpty();
        int answer = fixed
                ? output.content().size()
                : request.numPredict() >= 0
                        ? request.numPredict()
                        : text.drawLength(profile.outputTokensMean(), profile.outputTokensStdDev());
        int thinking = output.think() && profile.has(ModelProfile.THINKING)
                ? text.drawThinking(profile.thinkingTokensMedian(), profile.thinkingTokensSpread())
                : 0;
        if (request.numPredict() < 0) {
            this.outputTokens = thinking + answer;
            this.lengthLimited = false;
        } else if (fixed) {
            // a fixed answer ends when it is complete (the model's end of sequence), or at num_predict
            this.outputTokens = Math.min(request.numPredict(), thinking + answer);
            this.lengthLimited = request.numPredict() < thinking + answer;
        } else {
            // free text fills num_predict, as it did before thinking: thinking takes its share first
            this.outputTokens = request.numPredict();
            this.lengthLimited = true;
        }
        this.thinkingTokens = Math.min(thinking, outputTokens);
    }

    /** True when the token about to be emitted (after {@link #emitted} others) is a thinking token. */
    boolean thinkingNext() {
        return emitted < thinkingTokens;
    }

    /** The text of the token about to be emitted: a fixed answer's next token, else a word. */
    String nextToken() {
        List<String> content = request.output().content();
        int answerIndex = emitted - thinkingTokens;
        return answerIndex >= 0 && answerIndex < content.size() ? content.get(answerIndex) : text.next();
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
