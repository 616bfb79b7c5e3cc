package dev.ollamaperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.load.simulations.SteadySimulation;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.NodeLoad;
import dev.ollamaperf.results.ScenarioMetrics;
import io.gatling.app.Gatling$;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load run against a fleet, for real and briefly: the embedded emulator started as two nodes
 * ({@code ollama.perf.emulatorNodes=2}, each its own port and scheduler), the steady scenario spreading its requests
 * over them, metrics.json saying what each node served.
 */
@ExtendWith(ClearsLoadSettings.class)
final class FleetSimulationTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void steady_againstTwoEmulatorNodes_spreadsRequestsAndWritesEachNodesLoad(@TempDir Path run) throws Exception {
        Map.of(
                        "ollama.perf.emulatorNodes", "2",
                        "ollama.perf.models", "tiny:latest",
                        "ollama.perf.users", "2",
                        "ollama.perf.duration", "1s",
                        "ollama.perf.numPredict", "5",
                        "ollama.perf.timeout", "20s",
                        "ollama.perf.run", run.toString())
                .forEach(System::setProperty);

        Gatling$.MODULE$.fromArgs(new String[] {
            "--simulation", SteadySimulation.class.getName(),
            "--results-folder", run.resolve("gatling").toString(),
            "--no-reports"
        });

        ScenarioMetrics steady = FormatFiles.readLoadMetrics(run.resolve("load/metrics.json"))
                .scenarios()
                .get(0);
        assertThat(steady.target().endpoints()).hasSize(2).doesNotHaveDuplicates();
        assertThat(steady.nodes())
                .extracting(NodeLoad::endpoint)
                .isEqualTo(steady.target().endpoints());
        assertThat(steady.nodes())
                .as("both nodes served")
                .allSatisfy(node -> assertThat(node.requests() - node.errors()).isPositive());
        assertThat(steady.nodes().stream().mapToLong(NodeLoad::requests).sum())
                .isEqualTo(steady.models().get(0).counters().requests());
        // two users over two idle nodes: each user's requests alternate between them, so the shares stay close
        assertThat(NodeLoad.Balance.of(steady.nodes()).jain()).isGreaterThan(0.9);
    }
}
