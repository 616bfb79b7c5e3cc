package dev.ollamaperf.load;

import static dev.ollamaperf.load.SimulationsTest.names;
import static dev.ollamaperf.load.SimulationsTest.run;
import static dev.ollamaperf.load.SimulationsTest.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.load.simulations.CacheSimulation;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache scenario for real, briefly, as {@link SimulationsTest} runs the others (a class of its own so that the
 * load-tests' test JVMs share the scenario runs evenly): through the integration, repeats are cache hits.
 */
@ExtendWith(ClearsLoadSettings.class)
final class CacheSimulationTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void cache_halfRepeats_hitsAreServedFasterThanMisses(@TempDir Path run) throws Exception {
        try (Emulator emulator = start(4)) {
            JsonNode scenarios = run(
                    emulator,
                    CacheSimulation.class,
                    run,
                    Map.of("ollama.perf.users", "2", "ollama.perf.repeatShare", "0.5", "ollama.perf.repeatPool", "3"));

            assertThat(names(scenarios)).containsExactly("cache_hit", "cache_miss");
            Histogram hit = ttft(scenarios.get(0));
            Histogram miss = ttft(scenarios.get(1));
            assertThat(hit.getTotalCount()).isPositive();
            assertThat(miss.getTotalCount()).isPositive();
            // A miss pays the emulator's 20 ms prefill; a hit is replayed from the cache.
            assertThat(hit.getValueAtPercentile(50)).isLessThan(miss.getValueAtPercentile(50) / 2);
            assertThat(java.nio.file.Files.readString(run.resolve("load/gateway-metrics.prom")))
                    .contains("hit");
        }
    }

    private static Histogram ttft(JsonNode scenario) throws Exception {
        String hdr = scenario.path("models")
                .get(0)
                .path("histograms")
                .path("ttft")
                .path("hdr")
                .asText();
        return Histogram.decodeFromCompressedByteBuffer(
                java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(hdr)), 0);
    }
}
