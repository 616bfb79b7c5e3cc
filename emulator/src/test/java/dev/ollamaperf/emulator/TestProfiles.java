package dev.ollamaperf.emulator;

import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.FaultPlan;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * Profiles with exactly known timing for the HTTP tests: no jitter, no batching penalty, a
 * prefill so fast that prompt length does not matter, and small sizes.
 */
final class TestProfiles {

    /** Decode rate of {@link #STEADY}: 50 tokens/s, one token every 20 ms. */
    static final double STEADY_TOKENS_PER_SECOND = 50;
    /** Cold load time of {@link #STEADY}. */
    static final Duration STEADY_LOAD = Duration.ofMillis(300);
    /** Fixed prefill cost of {@link #STEADY}. */
    static final Duration STEADY_PROMPT_OVERHEAD = Duration.ofMillis(100);

    static final ModelProfile STEADY = completion(
            "steady:latest", STEADY_TOKENS_PER_SECOND, STEADY_LOAD, STEADY_PROMPT_OVERHEAD, List.of("completion"));
    static final ModelProfile FAST = completion(
            "fast:latest", 1000, Duration.ofMillis(20), Duration.ofMillis(5), List.of("completion", "tools"));
    static final ModelProfile THINKER =
            completion("thinker:7b", 1000, Duration.ZERO, Duration.ZERO, List.of("completion", "thinking"));
    static final ModelProfile EMBEDDER = new ModelProfile(
            "embedder:latest",
            "nomic-bert",
            "137M",
            "F16",
            274_000_000L,
            2048,
            0,
            Duration.ofMillis(10),
            100_000,
            Duration.ofMillis(2),
            1000,
            0,
            0,
            1,
            0,
            List.of("embedding"),
            8,
            "test profile");

    private TestProfiles() {}

    static ModelProfile completion(
            String name, double tokensPerSecond, Duration load, Duration promptOverhead, List<String> capabilities) {
        return completion(name, 1_000_000, promptOverhead, tokensPerSecond, load, 40, capabilities);
    }

    /** A completion profile with its prefill rate and output length set too. */
    static ModelProfile completion(
            String name,
            double promptTokensPerSecond,
            Duration promptOverhead,
            double tokensPerSecond,
            Duration load,
            int outputTokens,
            List<String> capabilities) {
        return new ModelProfile(
                name,
                "llama",
                "3.2B",
                "Q4_K_M",
                2_019_393_189L,
                131_072,
                114_688,
                load,
                promptTokensPerSecond,
                promptOverhead,
                tokensPerSecond,
                0,
                0,
                outputTokens,
                0,
                capabilities,
                0,
                "test profile");
    }

    static ModelCatalogue catalogue() {
        return new ModelCatalogue(List.of(STEADY, FAST, THINKER, EMBEDDER));
    }

    /** Engine settings over the test catalogue, with the given slots and faults. */
    static EngineSettings settings(int numParallel, FaultPlan faults) {
        return EngineSettings.builder()
                .catalogue(catalogue())
                .numParallel(numParallel)
                .faults(faults)
                .build();
    }

    /** Starts an emulator on 127.0.0.1 and a free port. */
    static Emulator start(EngineSettings settings) {
        try {
            return Emulator.start(EmulatorConfig.of(settings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
