package dev.ollamaperf.recorder;

import dev.ollamaperf.client.api.ModelInfo;
import dev.ollamaperf.client.api.RunningModel;
import dev.ollamaperf.client.api.ShowResponse;
import dev.ollamaperf.client.error.OllamaException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Measures one model, step by step, printing a progress line per step: cold load time (only for a
 * model that was not loaded at the start; it is unloaded between samples, which is safe because the
 * recorder loaded it), prefill over several prompt lengths, the prompt cache (a prompt sent again with a
 * new end against a fresh one of the same length), single-request generation, the batching
 * curve, then memory from /api/ps. Requests are sequential except within a batching round.
 */
final class ModelRecorder {

    private static final Duration UNLOAD_TIMEOUT = Duration.ofSeconds(60);

    private final Probe probe;
    private final RecorderSettings settings;
    private final Prompts prompts;
    private final PrintStream out;
    private final ExecutorService pool;

    /**
     * @param pool runs the requests of a batching round; at least {@code settings.parallel()} threads
     */
    ModelRecorder(Probe probe, RecorderSettings settings, Prompts prompts, PrintStream out, ExecutorService pool) {
        this.probe = probe;
        this.settings = settings;
        this.prompts = prompts;
        this.out = out;
        this.pool = pool;
    }

    /**
     * Records one model.
     *
     * @param loaded the model's /api/ps entry at the start of the run, null if it was not loaded
     * @throws RecordingFailure naming the step when the server fails
     */
    ModelMeasurement record(ModelInfo info, ShowResponse show, RunningModel loaded) throws InterruptedException {
        String model = info.name();
        Integer numCtx = loaded != null && loaded.contextLength() > 0 ? (int) loaded.contextLength() : null;
        List<Long> loads = step(model, "load time", () -> loads(model, loaded != null));
        List<Sample> prompt = step(model, "prompt processing", () -> prompts(model, numCtx));
        List<CacheRound> cache = step(model, "the prompt cache", () -> cache(model, numCtx));
        List<Sample> generation = step(model, "generation", () -> generation(model, numCtx));
        BatchingCurve curve = step(model, "the batching curve", () -> curve(model, numCtx));
        RunningModel memory =
                step(model, "memory (/api/ps)", () -> probe.running(model).orElse(null));
        if (memory != null) {
            progress(
                    model,
                    "memory (/api/ps): size %s, size_vram %s, context_length %d",
                    gb(memory.size()),
                    gb(memory.sizeVram()),
                    memory.contextLength());
        }
        return new ModelMeasurement(info, show, loads, prompt, cache, generation, curve, memory);
    }

    private List<Long> loads(String model, boolean wasLoaded) throws InterruptedException {
        List<Long> loads = new ArrayList<>();
        if (wasLoaded) {
            progress(model, "load time: not measured (the model was loaded before the run; it stays loaded)");
            return loads;
        }
        for (int i = 1; i <= settings.loadSamples(); i++) {
            Sample s = probe.generate(model, prompts.ofTokens(4), 1, null);
            loads.add(s.loadNanos());
            progress(model, "cold load %d/%d: load_duration %s", i, settings.loadSamples(), seconds(s.loadNanos()));
            if (i < settings.loadSamples()) {
                probe.unload(model, UNLOAD_TIMEOUT);
            }
        }
        return loads;
    }

    private List<Sample> prompts(String model, Integer numCtx) {
        List<Sample> all = new ArrayList<>();
        for (int tokens : settings.promptTokens()) {
            List<Sample> level = new ArrayList<>();
            for (int i = 0; i < settings.samples(); i++) {
                level.add(probe.generate(model, prompts.ofTokens(tokens), 1, numCtx));
            }
            all.addAll(level);
            progress(
                    model,
                    "prompt ~%d tokens: %d requests, prompt_eval_count median %.0f, prompt_eval_duration"
                            + " median %s",
                    tokens,
                    level.size(),
                    SampleStats.median(
                            level.stream().mapToDouble(Sample::promptEvalCount).toArray()),
                    seconds((long) SampleStats.median(
                            level.stream().mapToDouble(Sample::promptEvalNanos).toArray())));
        }
        return all;
    }

    /**
     * {@link #cacheRounds} rounds of {@link CacheRound}: a prefix of the longest {@code --prompt-tokens}, then
     * that prefix with the shortest length's worth of new tokens, then a fresh prompt as long. Sequential,
     * so the repeated prompt finds its prefix in an idle slot.
     */
    private List<CacheRound> cache(String model, Integer numCtx) {
        int prefixTokens =
                settings.promptTokens().stream().mapToInt(t -> t).max().orElseThrow();
        int newTokens = settings.promptTokens().stream().mapToInt(t -> t).min().orElseThrow();
        List<CacheRound> rounds = new ArrayList<>();
        for (int i = 0; i < cacheRounds(settings); i++) {
            String prefix = prompts.ofTokens(prefixTokens);
            Sample first = probe.generate(model, prefix, 1, numCtx);
            Sample repeated = probe.generate(model, prompts.extend(prefix, newTokens), 1, numCtx);
            Sample fresh = probe.generate(model, prompts.ofTokens(prefixTokens + newTokens), 1, numCtx);
            rounds.add(new CacheRound(first, repeated, fresh));
        }
        progress(
                model,
                "prompt cache: %d rounds of ~%d tokens sent again with ~%d new: prompt_eval_duration median %s,"
                        + " fresh prompt of that length %s",
                rounds.size(),
                prefixTokens,
                newTokens,
                seconds((long) SampleStats.median(rounds.stream()
                        .mapToDouble(r -> r.repeated().promptEvalNanos())
                        .toArray())),
                seconds((long) SampleStats.median(rounds.stream()
                        .mapToDouble(r -> r.fresh().promptEvalNanos())
                        .toArray())));
        return rounds;
    }

    /**
     * Rounds of the prompt-cache probe: half of {@code --samples}, at least 2. Each round sends three prompts,
     * and the figure taken from them (the cost of a reused token, a median) varies little between rounds.
     */
    static int cacheRounds(RecorderSettings settings) {
        return Math.max(2, (settings.samples() + 1) / 2);
    }

    private List<Sample> generation(String model, Integer numCtx) {
        List<Sample> all = new ArrayList<>();
        for (int i = 1; i <= settings.samples(); i++) {
            Sample s = probe.generateOpenEnded(model, prompts.forProse(), settings.maxOutputTokens(), numCtx);
            all.add(s);
            progress(
                    model,
                    "generation %d/%d: %d tokens at %.1f tokens/s%s",
                    i,
                    settings.samples(),
                    s.evalCount(),
                    s.lengthLimited() ? s.clientTokensPerSecond() : s.evalTokensPerSecond(),
                    s.lengthLimited() ? " (stopped at --max-output-tokens; client-side rate)" : "");
        }
        return all;
    }

    private BatchingCurve curve(String model, Integer numCtx) throws InterruptedException, ExecutionException {
        List<List<Sample>> rounds = new ArrayList<>();
        for (int n = 1; n <= settings.parallel(); n++) {
            for (int r = 0; r < settings.batchRounds(); r++) {
                rounds.add(round(model, n, numCtx));
            }
            BatchingCurve sofar = BatchingCurve.analyze(rounds);
            BatchingCurve.Level level = sofar.levels().get(sofar.levels().size() - 1);
            // Queued requests did not decode side by side, so their rates do not add up to an aggregate.
            progress(
                    model,
                    "batching %d parallel: %.1f tokens/s per request, %s",
                    n,
                    level.slotTokensPerSecond(),
                    level.queued() > 0
                            ? level.queued() + " of " + level.requests() + " requests queued"
                            : String.format(Locale.ROOT, "%.1f aggregate", level.aggregateTokensPerSecond()));
            if (sofar.servedAtOnce() > 0) {
                progress(
                        model,
                        "requests queue beyond %d at once (TTFT jumps by a whole request): the server's"
                                + " OLLAMA_NUM_PARALLEL is %d; not going higher",
                        sofar.servedAtOnce(),
                        sofar.servedAtOnce());
                return sofar;
            }
        }
        return BatchingCurve.analyze(rounds);
    }

    /** n requests released together; each thread waits on one latch so they leave within microseconds. */
    private List<Sample> round(String model, int n, Integer numCtx) throws InterruptedException, ExecutionException {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Sample>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String prompt = prompts.ofTokens(16);
            futures.add(pool.submit(() -> {
                go.await();
                return probe.generate(model, prompt, settings.batchTokens(), numCtx);
            }));
        }
        go.countDown();
        List<Sample> samples = new ArrayList<>();
        try {
            for (Future<Sample> f : futures) {
                samples.add(f.get());
            }
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
        return samples;
    }

    /** Runs a step; a failure of the server (or of a stream) becomes a {@link RecordingFailure} naming it. */
    private <T> T step(String model, String what, Callable<T> step) throws InterruptedException {
        try {
            return step.call();
        } catch (InterruptedException e) {
            throw e;
        } catch (ExecutionException e) {
            throw serverFailure(model, what, e.getCause());
        } catch (Exception e) {
            throw serverFailure(model, what, e);
        }
    }

    private static RuntimeException serverFailure(String model, String what, Throwable cause) {
        if (cause instanceof OllamaException || cause instanceof IllegalStateException) {
            return new RecordingFailure(model, what, cause);
        }
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }

    private void progress(String model, String format, Object... args) {
        out.println("record-profile: " + model + ": " + String.format(Locale.ROOT, format, args));
    }

    static String seconds(long nanos) {
        return nanos >= 1_000_000_000L
                ? String.format(Locale.ROOT, "%.2f s", nanos / 1e9)
                : String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
