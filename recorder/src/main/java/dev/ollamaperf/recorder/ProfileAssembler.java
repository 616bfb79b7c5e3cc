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
        PrefillAnalysis.Prefill prompt = PrefillAnalysis.prompt(m, generation, src);
        double cachedCost = PrefillAnalysis.cachedTokenCost(m, prompt.line(), src);
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
                0, // thinking length: not measured (record-profile does not ask for thinking)
                0,
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
