package dev.ollamaperf.load;

import static dev.ollamaperf.load.SessionSimulationTest.histogram;
import static dev.ollamaperf.load.SessionWorkloadTest.TURNS;
import static dev.ollamaperf.load.SessionWorkloadTest.sessions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.load.simulations.CapacitySimulation;
import dev.ollamaperf.load.simulations.ModelComparisonSimulation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Model comparison and capacity sweeps with {@code workload=session}, for real: Gatling in-process against the
 * emulator, with {@link SessionWorkloadTest}'s conversations. A class of its own so that the load-tests' test JVMs
 * share the session runs evenly.
 */
final class SessionWorkloadStudiesTest {

    /** Each model holds the same conversations: as many of each turn, and the same first turn, word for word. */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void compare_workloadSession_givesEveryModelTheSameConversations(@TempDir Path run) throws Exception {
        JsonNode scenarios = sessions(
                SimulationsTest.start(2),
                ModelComparisonSimulation.class,
                run,
                Map.of("ollama.perf.models", "a:latest,b:latest", "ollama.perf.users", "1"));

        assertThat(scenarios).hasSize(1);
        JsonNode compare = scenarios.get(0);
        assertThat(compare.path("status").asText()).isEqualTo("VALID");
        assertThat(compare.path("settings").path("ollama.perf.workload").asText())
                .isEqualTo("session");
        JsonNode a = compare.path("models").get(0);
        JsonNode b = compare.path("models").get(1);
        assertThat(List.of(a.path("model").asText(), b.path("model").asText())).containsExactly("a:latest", "b:latest");
        for (int k = 0; k < TURNS; k++) {
            assertThat(b.path("turns").get(k).path("requests").asLong())
                    .as("turn %d", k + 1)
                    .isEqualTo(a.path("turns").get(k).path("requests").asLong())
                    .isPositive();
        }
        Histogram firstA = histogram(a.path("turns").get(0), "prompt_tokens");
        Histogram firstB = histogram(b.path("turns").get(0), "prompt_tokens");
        assertThat(firstB).as("the same system prompt and first messages").isEqualTo(firstA);
    }

    /**
     * A capacity sweep's steps each hold conversations: users at each level of {@code sweep=concurrency}, conversations
     * arriving per second at each level of {@code sweep=rate}; every step has its turns.
     */
    @ParameterizedTest
    @CsvSource({"concurrency, '1,2', capacity_c001, capacity_c002", "rate, '2,4', capacity_r2, capacity_r4"})
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void capacity_workloadSession_everyStepHoldsConversations(
            String sweep, String levels, String first, String second, @TempDir Path run) throws Exception {
        JsonNode scenarios = sessions(
                SimulationsTest.start(8),
                CapacitySimulation.class,
                run,
                Map.of("ollama.perf.sweep", sweep, "ollama.perf.levels", levels));

        assertThat(SimulationsTest.names(scenarios)).containsExactly(first, second);
        for (JsonNode step : scenarios) {
            assertThat(step.path("status").asText())
                    .as(step.path("scenario").asText())
                    .isEqualTo("VALID");
            assertThat(step.path("settings").path("ollama.perf.workload").asText())
                    .isEqualTo("session");
            JsonNode turns = step.path("models").get(0).path("turns");
            assertThat(turns.size()).as(step.path("scenario").asText()).isEqualTo(TURNS);
            assertThat(turns.get(TURNS - 1).path("requests").asLong()).isPositive();
        }
        assertThat(run.resolve("load/sweep.json")).exists();
    }
}
