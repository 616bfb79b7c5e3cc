package dev.ollamaperf.emulator.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Everything that shapes the engine's behaviour, named after Ollama's environment variables
 * (docs/ollama-api.md §3.1). Build one with {@link #builder()}, {@link #defaults()} or
 * {@link #fromEnvironment(Map)}.
 *
 * @param numParallel       slots per loaded model ({@value #NUM_PARALLEL}); 1 or more. Embedding
 *                          models always get 1
 * @param maxQueue          capacity of the scheduler queue ({@value #MAX_QUEUE}); 0 or more
 * @param maxLoadedModels   models resident at once ({@value #MAX_LOADED_MODELS}); 0 means auto (3)
 * @param defaultKeepAlive  idle time before a newly loaded model unloads ({@value #KEEP_ALIVE});
 *                          negative is normalized to {@link GoDuration#FOREVER}
 * @param contextLength     default {@code num_ctx} ({@value #CONTEXT_LENGTH}); 0 means auto (4096,
 *                          the tier of the catalogue's 16 GB reference GPU)
 * @param seed              seeds jitter, output lengths, output text and fault choices, so runs repeat
 * @param promptCache       whether slots reuse the cached prefix of their last request, as
 *                          llama-server does (default on; off evaluates every prompt in full, for comparison)
 * @param catalogue         the models the server holds
 * @param faults            injected faults ({@link FaultPlan#NONE} by default)
 * @param nanoClock         monotonic clock every reported duration is measured with; must advance
 *                          at real-time rate (the timers sleep in real time)
 * @param wallClock         wall clock for {@code expires_at}
 * @param warnings          problems met while parsing the environment (bad values replaced by
 *                          defaults), for the caller to print; empty when built directly
 */
public record EngineSettings(
        int numParallel,
        int maxQueue,
        int maxLoadedModels,
        Duration defaultKeepAlive,
        int contextLength,
        long seed,
        boolean promptCache,
        ModelCatalogue catalogue,
        FaultPlan faults,
        LongSupplier nanoClock,
        Clock wallClock,
        List<String> warnings) {

    /** Slots per model. */
    public static final String NUM_PARALLEL = "OLLAMA_NUM_PARALLEL";
    /** Scheduler queue capacity. */
    public static final String MAX_QUEUE = "OLLAMA_MAX_QUEUE";
    /** Resident model limit. */
    public static final String MAX_LOADED_MODELS = "OLLAMA_MAX_LOADED_MODELS";
    /** Default keep-alive. */
    public static final String KEEP_ALIVE = "OLLAMA_KEEP_ALIVE";
    /** Default num_ctx. */
    public static final String CONTEXT_LENGTH = "OLLAMA_CONTEXT_LENGTH";

    /** Ollama v0.10.0+ default of {@value #NUM_PARALLEL}. */
    public static final int DEFAULT_NUM_PARALLEL = 1;
    /** Ollama's default of {@value #MAX_QUEUE}. */
    public static final int DEFAULT_MAX_QUEUE = 512;
    /** 0 = auto. */
    public static final int DEFAULT_MAX_LOADED_MODELS = 0;
    /** What auto means for the resident model limit (3 x GPUs; one GPU, or CPU). */
    public static final int AUTO_MAX_LOADED_MODELS = 3;
    /** Ollama's default of {@value #KEEP_ALIVE}. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(5);
    /** 0 = auto. */
    public static final int DEFAULT_CONTEXT_LENGTH = 0;
    /** What auto means for num_ctx on the reference machine (below 23 GiB of VRAM). */
    public static final int AUTO_CONTEXT_LENGTH = 4096;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42L;
    /** Ollama 0.30+ runs llama-server, whose slots reuse cached prompt prefixes. */
    public static final boolean DEFAULT_PROMPT_CACHE = true;

    public EngineSettings {
        Objects.requireNonNull(defaultKeepAlive, "defaultKeepAlive");
        Objects.requireNonNull(catalogue, "catalogue");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(wallClock, "wallClock");
        warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
        checkAtLeast("numParallel", numParallel, 1);
        checkAtLeast("maxQueue", maxQueue, 0);
        checkAtLeast("maxLoadedModels", maxLoadedModels, 0);
        checkAtLeast("contextLength", contextLength, 0);
        if (defaultKeepAlive.isNegative()) {
            defaultKeepAlive = GoDuration.FOREVER;
        }
    }

    /** Ollama's defaults, the built-in catalogue, no faults, system clocks. */
    public static EngineSettings defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads Ollama's variables the way Ollama does: quotes and spaces stripped; an integer that does
     * not parse falls back to its default with a warning (see {@link #warnings()}); values below 1
     * for {@value #NUM_PARALLEL} mean 1; {@value #KEEP_ALIVE} takes a Go duration or bare integer
     * seconds, negative meaning forever. Variables not listed here are ignored.
     *
     * @param env e.g. {@code System.getenv()}
     * @return settings with the built-in catalogue, no faults and system clocks
     */
    public static EngineSettings fromEnvironment(Map<String, String> env) {
        return EnvironmentParser.parse(env, builder());
    }

    /** The resident model limit with auto (0) resolved. */
    public int effectiveMaxLoadedModels() {
        return maxLoadedModels == 0 ? AUTO_MAX_LOADED_MODELS : maxLoadedModels;
    }

    /** The default num_ctx with auto (0) resolved. */
    public int effectiveContextLength() {
        return contextLength == 0 ? AUTO_CONTEXT_LENGTH : contextLength;
    }

    /** A copy with other settings, for tests and the CLI. */
    public Builder toBuilder() {
        return new Builder()
                .numParallel(numParallel)
                .maxQueue(maxQueue)
                .maxLoadedModels(maxLoadedModels)
                .defaultKeepAlive(defaultKeepAlive)
                .contextLength(contextLength)
                .seed(seed)
                .promptCache(promptCache)
                .catalogue(catalogue)
                .faults(faults)
                .nanoClock(nanoClock)
                .wallClock(wallClock)
                .warnings(warnings);
    }

    @Override
    public String toString() {
        return NUM_PARALLEL + "=" + numParallel + " " + MAX_QUEUE + "=" + maxQueue + " " + MAX_LOADED_MODELS + "="
                + maxLoadedModels + (maxLoadedModels == 0 ? "(auto=" + AUTO_MAX_LOADED_MODELS + ")" : "") + " "
                + KEEP_ALIVE + "="
                + (defaultKeepAlive.equals(GoDuration.FOREVER) ? "forever" : GoDuration.format(defaultKeepAlive)) + " "
                + CONTEXT_LENGTH + "=" + contextLength
                + (contextLength == 0 ? "(auto=" + AUTO_CONTEXT_LENGTH + ")" : "") + " seed=" + seed + " promptCache="
                + (promptCache ? "on" : "off") + " faults=" + faults + " models="
                + catalogue.all().size();
    }

    private static void checkAtLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("'" + name + "' must be " + min + " or more, got: " + value);
        }
    }

    /** Builds {@link EngineSettings}; every setter validates at once with a message naming the setting. */
    public static final class Builder {
        private int numParallel = DEFAULT_NUM_PARALLEL;
        private int maxQueue = DEFAULT_MAX_QUEUE;
        private int maxLoadedModels = DEFAULT_MAX_LOADED_MODELS;
        private Duration defaultKeepAlive = DEFAULT_KEEP_ALIVE;
        private int contextLength = DEFAULT_CONTEXT_LENGTH;
        private long seed = DEFAULT_SEED;
        private boolean promptCache = DEFAULT_PROMPT_CACHE;
        private ModelCatalogue catalogue;
        private FaultPlan faults = FaultPlan.NONE;
        private LongSupplier nanoClock = System::nanoTime;
        private Clock wallClock = Clock.systemUTC();
        private List<String> warnings = List.of();

        private Builder() {}

        /** @param value slots per model, 1 or more */
        public Builder numParallel(int value) {
            checkAtLeast("numParallel", value, 1);
            this.numParallel = value;
            return this;
        }

        /** @param value scheduler queue capacity, 0 or more */
        public Builder maxQueue(int value) {
            checkAtLeast("maxQueue", value, 0);
            this.maxQueue = value;
            return this;
        }

        /** @param value resident model limit, 0 (auto) or more */
        public Builder maxLoadedModels(int value) {
            checkAtLeast("maxLoadedModels", value, 0);
            this.maxLoadedModels = value;
            return this;
        }

        /** @param value default keep-alive; zero unloads when idle; negative means forever */
        public Builder defaultKeepAlive(Duration value) {
            this.defaultKeepAlive = Objects.requireNonNull(value, "defaultKeepAlive");
            return this;
        }

        /** @param value default num_ctx, 0 (auto) or more */
        public Builder contextLength(int value) {
            checkAtLeast("contextLength", value, 0);
            this.contextLength = value;
            return this;
        }

        /** @param value any seed */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** @param value false evaluates every prompt in full (no prefix reuse); default true */
        public Builder promptCache(boolean value) {
            this.promptCache = value;
            return this;
        }

        /** @param value the models; default {@link ModelCatalogue#builtIn()} */
        public Builder catalogue(ModelCatalogue value) {
            this.catalogue = Objects.requireNonNull(value, "catalogue");
            return this;
        }

        /** @param value faults to inject; default {@link FaultPlan#NONE} */
        public Builder faults(FaultPlan value) {
            this.faults = Objects.requireNonNull(value, "faults");
            return this;
        }

        /** @param value a monotonic nanosecond clock advancing at real-time rate */
        public Builder nanoClock(LongSupplier value) {
            this.nanoClock = Objects.requireNonNull(value, "nanoClock");
            return this;
        }

        /** @param value wall clock for expiry times */
        public Builder wallClock(Clock value) {
            this.wallClock = Objects.requireNonNull(value, "wallClock");
            return this;
        }

        /** @param value parse warnings to carry along */
        public Builder warnings(List<String> value) {
            this.warnings = List.copyOf(value);
            return this;
        }

        /** The settings; the built-in catalogue unless one was set. */
        public EngineSettings build() {
            ModelCatalogue models = catalogue != null ? catalogue : ModelCatalogue.builtIn();
            return new EngineSettings(
                    numParallel,
                    maxQueue,
                    maxLoadedModels,
                    defaultKeepAlive,
                    contextLength,
                    seed,
                    promptCache,
                    models,
                    faults,
                    nanoClock,
                    wallClock,
                    warnings);
        }
    }
}
