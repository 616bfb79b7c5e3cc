package dev.ollamaperf.client;

import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.client.config.RetrySettings;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.EngineStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/** Starts the embedded emulator on a free loopback port and builds clients for it (cache off unless asked). */
final class EmulatorFixture {

    /** The emulator's fast test profile: about 400 tokens/s, 80 ms load. */
    static final String TINY = "tiny:latest";

    private EmulatorFixture() {}

    static Emulator start(EngineSettings settings) {
        try {
            return Emulator.start(EmulatorConfig.of(settings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OllamaClientConfig.Builder config(Emulator emulator) {
        return OllamaClientConfig.builder()
                .endpoint(emulator.baseUri().toString())
                .defaultModel(TINY)
                .noCache()
                .readTimeout(Duration.ofSeconds(20))
                .retry(new RetrySettings(3, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5)));
    }

    static OllamaClient client(OllamaClientConfig config) {
        return OllamaClient.builder(config).responseCache(null).build();
    }

    /** Destructive calls the emulator has seen, summed over endpoints. */
    static long destructiveCalls(Emulator emulator) {
        EngineStats stats = emulator.engine().stats();
        return stats.destructiveCalls().values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    static EngineStats.ModelStats stats(Emulator emulator, String model) {
        Map<String, EngineStats.ModelStats> models = emulator.engine().stats().models();
        return models.get(model);
    }
}
