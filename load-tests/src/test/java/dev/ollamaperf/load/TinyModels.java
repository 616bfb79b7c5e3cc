package dev.ollamaperf.load;

import dev.ollamaperf.emulator.engine.ModelProfile;
import java.time.Duration;
import java.util.List;

/** The small, fast emulator model the simulation tests load: 50 ms to the first token, then 20 ms per token. */
final class TinyModels {

    private TinyModels() {}

    static ModelProfile tiny(String name) {
        return tiny(name, 100_000);
    }

    /** {@link #tiny(String)} with a prefill rate of {@code promptTokensPerSecond}. */
    static ModelProfile tiny(String name, double promptTokensPerSecond) {
        return new ModelProfile(
                name,
                "llama",
                "1B",
                "Q4_K_M",
                700_000_000L,
                8192,
                32_768,
                Duration.ofMillis(50),
                promptTokensPerSecond,
                Duration.ofMillis(20),
                50,
                0,
                0,
                5,
                0,
                List.of("completion"),
                0,
                "test profile");
    }
}
