package dev.ollamaperf.recorder;

import dev.ollamaperf.client.api.ModelDetails;
import dev.ollamaperf.client.api.ModelNames;
import dev.ollamaperf.client.api.RunningModel;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * Turns a {@link ModelMeasurement} into an emulator {@link ModelProfile}. Every parameter is either
 * measured (with its spread and sample count written into {@code source}) or a stated default,
 * also named in {@code source}, so a reader of the file knows how good each number is.
 *
 * <p>Defaults (the built-in catalogue's assumptions, emulator/README.md): load time
 * {@code 6.0 s + 0.15 s/GB x size}; prefill 10x the decode rate plus 100 ms; jitter 0.1; serial
 * fraction 0.45; output length 200 +- 80 tokens; KV bytes per token 0 when /api/ps gives nothing; cached
 * prompt tokens free when the prompt-cache probe gave nothing.
 */
final class ProfileAssembler {

    static final double DEFAULT_SERIAL_FRACTION = 0.45;
    static final double DEFAULT_JITTER = 0.1;
    static final int DEFAULT_OUTPUT_MEAN = 200;
    static final int DEFAULT_OUTPUT_SD = 80;
    static final int DEFAULT_CONTEXT = 4096;

    private final RecorderSettings settings;
    private final String serverVersion;
    private final Instant recordedAt;

    ProfileAssembler(RecorderSettings settings, String serverVersion, Instant recordedAt) {
        this.settings = settings;
        this.serverVersion = serverVersion;
        this.recordedAt = recordedAt;
    }

    /**
     * The profile and what the emulator should be run with.
     *
     * @param profile      the emulator profile
     * @param servedAtOnce requests the server served at once when queueing was seen (its
     *                     OLLAMA_NUM_PARALLEL, for the emulator's --num-parallel), 0 when none was seen
     */
    record Assembled(ModelProfile profile, int servedAtOnce) {}

    Assembled assemble(ModelMeasurement m) {
        String name = ModelNames.normalize(m.info().name());
        StringBuilder src = new StringBuilder(String.format(
                Locale.ROOT,
                "Recorded by ollama-perf record-profile from Ollama %s at %s on %s.",
                serverVersion,
                settings.target(),
                recordedAt));
        long size = m.info().size() > 0
                ? m.info().size()
                : m.memory() != null ? m.memory().size() : 1;
        Duration load = load(m, size, src);
        double generation = generation(m, src);
        Prefill prompt = prompt(m, generation, src);
        double cachedCost = cachedTokenCost(m, prompt.line(), src);
        double jitter = jitter(m, src);
        double serial = serial(m, src);
        int[] output = output(m, src);
        int context = trainedContext(m);
        long kv = kvBytesPerToken(m, size, src);
        ModelDetails d =
                m.info().details() != null ? m.info().details() : m.show().details();
        List<String> capabilities =
                m.show().capabilities() == null || m.show().capabilities().isEmpty()
                        ? List.of("completion")
                        : m.show().capabilities();
        src.append(" Family, parameter size, quantization, trained context and capabilities from /api/tags and"
                + " /api/show; size is the /api/tags size.");
        ModelProfile profile = new ModelProfile(
                name,
                text(d == null ? null : d.family()),
                text(d == null ? null : d.parameterSize()),
                text(d == null ? null : d.quantizationLevel()),
                size,
                context,
                kv,
                load,
                prompt.rate(),
                Duration.ofNanos((long) prompt.overhead()),
                generation,
                jitter,
                serial,
                output[0],
                output[1],
                capabilities,
                0,
                src.toString(),
                cachedCost);
        return new Assembled(profile, m.curve().servedAtOnce());
    }

    private Duration load(ModelMeasurement m, long size, StringBuilder src) {
        if (m.wasLoaded()) {
            Duration assumed = Duration.ofMillis(Math.round(6000 + 0.15 * size / 1e6));
            src.append(String.format(
                    Locale.ROOT,
                    " Load time: NOT MEASURED (the model was loaded when the"
                            + " recording started, and the recorder does not unload models it did not load); %s is the"
                            + " default 6.0 s + 0.15 s/GB x size.",
                    ModelRecorder.seconds(assumed.toNanos())));
            return assumed;
        }
        double[] loads = m.loadNanos().stream().mapToDouble(Long::doubleValue).toArray();
        long mean = Math.round(SampleStats.mean(loads) / 1e6) * 1_000_000;
        src.append(String.format(
                Locale.ROOT,
                " Load time: mean load_duration of %d cold load(s), sd %s.",
                loads.length,
                ModelRecorder.seconds((long) SampleStats.sd(loads))));
        return Duration.ofNanos(mean);
    }

    private double generation(ModelMeasurement m, StringBuilder src) {
        double[] rates = m.generationSamples().stream()
                .filter(s -> !s.lengthLimited())
                .mapToDouble(Sample::evalTokensPerSecond)
                .filter(Double::isFinite)
                .toArray();
        String how = "eval_count/eval_duration of %d single requests";
        if (rates.length == 0) {
            rates = m.generationSamples().stream()
                    .mapToDouble(Sample::clientTokensPerSecond)
                    .filter(Double::isFinite)
                    .toArray();
            how = "client-side chunks/s of %d single requests (every answer reached --max-output-tokens, so the"
                    + " server sent no eval_duration)";
        }
        if (rates.length == 0) {
            throw new IllegalStateException("model '" + m.info().name() + "' gave no generation rate in "
                    + m.generationSamples().size() + " requests (no eval_duration and fewer than two chunks)");
        }
        src.append(String.format(
                Locale.ROOT,
                " Generation: mean " + how + ", sd %.2f tokens/s (min %.2f, max" + " %.2f).",
                rates.length,
                SampleStats.sd(rates),
                SampleStats.quantile(rates, 0),
                SampleStats.quantile(rates, 1)));
        return SampleStats.round(SampleStats.mean(rates), 2);
    }

    /**
     * The prefill line and what the profile takes from it.
     *
     * @param rate     prompt tokens per second (1 / slope)
     * @param overhead the profile's fixed prefill cost, nanoseconds
     * @param line     the fit of prompt_eval_duration over prompt_eval_count, null when none could be made
     */
    private record Prefill(double rate, double overhead, LineFit line) {}

    /**
     * The prefill rate is the slope of prompt_eval_duration over prompt_eval_count. The overhead is what
     * a request's TTFT holds beyond that rate, as the emulator will replay it: the line's intercept, plus
     * the median time to first token spent outside prompt_eval_duration (TTFT - load_duration -
     * prompt_eval_duration: template, tokenizer, sampling the first token, and the transport), less the
     * transport (client end to end - total_duration: the emulator's own HTTP adds it again when it
     * replays) and less the one decode step the emulator puts before the first token. A real llama-server
     * reports only its batch time as prompt_eval_duration (intercept near 0, or below 0 when long prompts
     * cost more per token), so the intercept alone loses the fixed cost the client sees (issue 14 recorded
     * 0 ms); the emulator puts its overhead inside prompt_eval_duration, so there the outside part is one
     * decode step plus transport, and the intercept is the overhead.
     */
    private Prefill prompt(ModelMeasurement m, double generation, StringBuilder src) {
        List<Sample> samples =
                m.promptSamples().stream().filter(s -> s.promptEvalCount() > 0).toList();
        double[] x = samples.stream().mapToDouble(Sample::promptEvalCount).toArray();
        double[] y = samples.stream().mapToDouble(Sample::promptEvalNanos).toArray();
        if (x.length >= 2 && Arrays.stream(x).distinct().count() >= 2) {
            LineFit fit = LineFit.fit(x, y);
            if (fit.slope() > 0) {
                double rate = 1e9 / fit.slope();
                double[] outside = samples.stream()
                        .filter(s -> s.ttftNanos() > 0)
                        .mapToDouble(s -> s.ttftNanos() - s.loadNanos() - s.promptEvalNanos())
                        .toArray();
                double[] transport = samples.stream()
                        .mapToDouble(Sample::transportNanos)
                        .filter(Double::isFinite)
                        .toArray();
                double transportMedian = transport.length == 0 ? 0 : SampleStats.median(transport);
                double decodeStep = 1e9 / generation;
                double beyond = outside.length == 0 ? 0 : SampleStats.median(outside) - transportMedian - decodeStep;
                double overhead = Math.max(0, Math.round((fit.intercept() + beyond) / 1e5) * 1e5);
                src.append(String.format(
                        Locale.ROOT,
                        " Prompt: least-squares line of prompt_eval_duration over"
                                + " prompt_eval_count, %d requests, %.0f..%.0f tokens: %.1f tokens/s (+-%.1f, one standard"
                                + " error), intercept %s; r^2 %.4f, residual sd %s. Overhead %s = the intercept + the"
                                + " median TTFT outside load_duration and prompt_eval_duration (%s) - the median"
                                + " transport, client end to end - total_duration (%s, which the emulator's HTTP adds"
                                + " again) - one decode step (%s, which the emulator spends before the first"
                                + " token)%s.",
                        fit.n(),
                        SampleStats.quantile(x, 0),
                        SampleStats.quantile(x, 1),
                        rate,
                        rate * fit.slopeError() / fit.slope(),
                        signedMillis(fit.intercept()),
                        fit.rSquared(),
                        ModelRecorder.seconds((long) fit.residualSd()),
                        ModelRecorder.seconds((long) overhead),
                        outside.length == 0 ? "no TTFT" : signedMillis(SampleStats.median(outside)),
                        transport.length == 0 ? "no total_duration, taken as 0" : signedMillis(transportMedian),
                        ModelRecorder.seconds((long) decodeStep),
                        (fit.intercept() + beyond) < 0 ? ", at least 0" : ""));
                return new Prefill(SampleStats.round(rate, 1), overhead, fit);
            }
        }
        src.append(" Prompt: NOT MEASURED (prompt_eval_duration did not grow with prompt length); default 10x the"
                + " generation rate plus 100 ms.");
        return new Prefill(SampleStats.round(10 * generation, 1), 100e6, null);
    }

    /**
     * The cost of a prompt token the server's slot already held, as a share of a new one: per round of
     * the cache probe, (prompt_eval_duration of the repeated prompt - the prefill line at its new tokens)
     * / (slope x reused tokens); the median, within 0..1. 0 when the probe or the line is missing.
     */
    private double cachedTokenCost(ModelMeasurement m, LineFit line, StringBuilder src) {
        List<CacheRound> rounds = m.cacheRounds().stream()
                .filter(r -> r.reusable() > 0 && r.repeated().promptEvalNanos() > 0)
                .toList();
        if (line == null || rounds.isEmpty()) {
            src.append(" Prompt cache: NOT MEASURED (no prefill line or no usable probe round); cached prompt"
                    + " tokens cost nothing, as in llama-server.");
            return 0;
        }
        double[] costs = rounds.stream()
                .mapToDouble(r -> {
                    long reused = r.reusable();
                    long evaluated = r.repeated().promptEvalCount() - reused;
                    double predicted = line.intercept() + line.slope() * evaluated;
                    return (r.repeated().promptEvalNanos() - predicted) / (line.slope() * reused);
                })
                .toArray();
        double cost = SampleStats.round(Math.min(1, Math.max(0, SampleStats.median(costs))), 3);
        src.append(String.format(
                Locale.ROOT,
                " Prompt cache: %d rounds of a %.0f-token prompt sent again with %.0f new tokens after it:"
                        + " prompt_eval_duration median %s against %s for a fresh prompt of that length, TTFT %s against"
                        + " %s; a reused token costs %.3f of a new one (median over rounds of (prompt_eval_duration -"
                        + " the prefill line at the new tokens) / (slope x reused tokens), sd %.3f; 0 = free, 1 = no"
                        + " reuse)%s.",
                rounds.size(),
                SampleStats.median(rounds.stream()
                        .mapToDouble(r -> r.first().promptEvalCount())
                        .toArray()),
                SampleStats.median(rounds.stream()
                        .mapToDouble(r -> r.repeated().promptEvalCount() - r.reusable())
                        .toArray()),
                medianSeconds(rounds, r -> r.repeated().promptEvalNanos()),
                medianSeconds(rounds, r -> r.fresh().promptEvalNanos()),
                medianSeconds(rounds, r -> r.repeated().ttftNanos()),
                medianSeconds(rounds, r -> r.fresh().ttftNanos()),
                cost,
                SampleStats.sd(costs),
                cost >= 0.9
                        ? ": the server reused (almost) nothing, so it has no prompt cache (Ollama before 0.30?)"
                        : ""));
        return cost;
    }

    private static String medianSeconds(List<CacheRound> rounds, ToDoubleFunction<CacheRound> f) {
        return ModelRecorder.seconds(
                (long) SampleStats.median(rounds.stream().mapToDouble(f).toArray()));
    }

    private static String signedMillis(double nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /**
     * Jitter from the server's {@code created_at} stamps when every answer has them (they leave out the
     * network and the client, which on a busy client machine add more spread than the server has),
     * else from the client's arrival times.
     */
    private double jitter(ModelMeasurement m, StringBuilder src) {
        List<long[]> server =
                m.generationSamples().stream().map(Sample::serverGapsNanos).toList();
        List<long[]> client =
                m.generationSamples().stream().map(Sample::gapsNanos).toList();
        boolean stamped = server.stream().mapToInt(g -> g.length).sum() > 0
                && server.stream().allMatch(g -> g.length > 0)
                && all(server).length > 0
                && SampleStats.median(all(server)) > 0;
        List<long[]> gaps = stamped ? server : client;
        double jitter = SampleStats.tokenJitter(gaps);
        if (Double.isNaN(jitter)) {
            src.append(String.format(
                    Locale.ROOT,
                    " Jitter: NOT MEASURED (%d streamed gaps, too few); default %.2f.",
                    all(gaps).length,
                    DEFAULT_JITTER));
            return DEFAULT_JITTER;
        }
        src.append(String.format(
                Locale.ROOT,
                " Jitter: from %d gaps between streamed chunks by %s (median %s):"
                        + " growth of the variance of sums of 1, 2, 4, 8 consecutive gaps (noise that does not accumulate"
                        + " falls out; noise lasting several chunks does not); the plain robust spread of single gaps is"
                        + " %.3f by that clock and %.3f as the client received them.",
                all(gaps).length,
                stamped ? "the server's created_at stamps" : "client arrival time (no usable created_at)",
                ModelRecorder.seconds((long) SampleStats.median(all(gaps))),
                SampleStats.robustCv(all(gaps)),
                SampleStats.robustCv(all(client))));
        return SampleStats.round(Math.min(1, jitter), 3);
    }

    private static double[] all(List<long[]> gaps) {
        return gaps.stream().flatMapToLong(Arrays::stream).mapToDouble(g -> g).toArray();
    }

    private double serial(ModelMeasurement m, StringBuilder src) {
        BatchingCurve c = m.curve();
        StringBuilder levels = new StringBuilder();
        for (BatchingCurve.Level l : c.levels()) {
            levels.append(levels.length() == 0 ? "" : ", ")
                    .append(
                            l.queued() > 0
                                    ? String.format(Locale.ROOT, "%d: %d of them queued", l.parallel(), l.queued())
                                    : String.format(
                                            Locale.ROOT, "%d: %.1f", l.parallel(), l.aggregateTokensPerSecond()));
        }
        src.append(" Batching curve, aggregate decode tokens/s by requests in parallel (")
                .append(levels)
                .append(", ")
                .append(settings.batchRounds())
                .append(" round(s) per level, ")
                .append(settings.batchTokens())
                .append(" tokens each).");
        if (c.servedAtOnce() > 0) {
            src.append(String.format(
                    Locale.ROOT,
                    " Requests queued beyond %d at once (their TTFT jumped by a whole"
                            + " request): the server's OLLAMA_NUM_PARALLEL is %d; run the emulator with --num-parallel %d.",
                    c.servedAtOnce(),
                    c.servedAtOnce(),
                    c.servedAtOnce()));
        } else {
            src.append(String.format(
                    Locale.ROOT,
                    " No queueing up to %d in parallel (OLLAMA_NUM_PARALLEL >= %d).",
                    c.maxLevel(),
                    c.maxLevel()));
        }
        OptionalDouble s = c.serialFraction();
        if (s.isEmpty()) {
            src.append(String.format(
                    Locale.ROOT,
                    " serialFraction: NOT MEASURED (fewer than two levels served" + " together); default %.2f.",
                    DEFAULT_SERIAL_FRACTION));
            return DEFAULT_SERIAL_FRACTION;
        }
        LineFit fit = c.fit();
        src.append(String.format(
                Locale.ROOT,
                " serialFraction: least squares of seconds per token over (n - 1)"
                        + " for %d requests, slope/intercept; r^2 %.3f.",
                fit.n(),
                fit.rSquared()));
        return SampleStats.round(s.getAsDouble(), 3);
    }

    /** {mean, sd}. */
    private int[] output(ModelMeasurement m, StringBuilder src) {
        double[] lengths = m.generationSamples().stream()
                .filter(s -> !s.lengthLimited())
                .mapToDouble(Sample::evalCount)
                .toArray();
        long capped =
                m.generationSamples().stream().filter(Sample::lengthLimited).count();
        if (lengths.length < 2) {
            src.append(String.format(
                    Locale.ROOT,
                    " Output length: NOT MEASURED (%d of %d answers reached"
                            + " --max-output-tokens %d); default %d +- %d.",
                    capped,
                    m.generationSamples().size(),
                    settings.maxOutputTokens(),
                    DEFAULT_OUTPUT_MEAN,
                    DEFAULT_OUTPUT_SD));
            return new int[] {DEFAULT_OUTPUT_MEAN, DEFAULT_OUTPUT_SD};
        }
        src.append(String.format(
                Locale.ROOT,
                " Output length: mean and sd of eval_count over %d answers the model"
                        + " ended itself (%d more reached --max-output-tokens %d and are left out).",
                lengths.length,
                capped,
                settings.maxOutputTokens()));
        return new int[] {
            (int) Math.max(1, Math.round(SampleStats.mean(lengths))), (int) Math.round(SampleStats.sd(lengths))
        };
    }

    private int trainedContext(ModelMeasurement m) {
        Map<String, Object> info = m.show().modelInfo();
        if (info != null) {
            Object arch = info.get("general.architecture");
            Object value = arch != null ? info.get(arch + ".context_length") : null;
            if (value == null) {
                value = info.entrySet().stream()
                        .filter(e -> e.getKey().endsWith(".context_length"))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElse(null);
            }
            if (value instanceof Number n && n.longValue() >= 4 && n.longValue() <= Integer.MAX_VALUE) {
                return n.intValue();
            }
        }
        RunningModel memory = m.memory();
        return memory != null && memory.contextLength() >= 4 ? (int) memory.contextLength() : DEFAULT_CONTEXT;
    }

    private long kvBytesPerToken(ModelMeasurement m, long size, StringBuilder src) {
        RunningModel memory = m.memory();
        if (memory == null || memory.contextLength() <= 0 || memory.size() <= size) {
            src.append(" Memory: NOT MEASURED (/api/ps had no usable entry after the batching curve);"
                    + " kvBytesPerToken 0.");
            return 0;
        }
        int served = m.curve().servedAtOnce();
        int slots = served > 0 ? served : m.curve().maxLevel();
        long kv = (memory.size() - size) / (memory.contextLength() * slots);
        String where = memory.sizeVram() >= memory.size()
                ? "all in GPU memory"
                : memory.sizeVram() == 0
                        ? "CPU only"
                        : String.format(Locale.ROOT, "%.0f%% in GPU memory", 100.0 * memory.sizeVram() / memory.size());
        src.append(String.format(
                Locale.ROOT,
                " Memory (/api/ps): size %d bytes, size_vram %d (%s), context_length"
                        + " %d; kvBytesPerToken = (size - /api/tags size) / (context_length x %d slots)%s, so the emulator"
                        + " reproduces this /api/ps size at this context and parallel setting.",
                memory.size(),
                memory.sizeVram(),
                where,
                memory.contextLength(),
                slots,
                served > 0
                        ? ""
                        : " (slots assumed = the highest level measured without queueing: an upper bound"
                                + " if the server has more)"));
        return kv;
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
