package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The gate catches a known slowdown: after an unchanged run made the history, a run with the same profile made
 * 3x slower (prefill and generation) fails, naming the regressed load metrics in summary.md and junit.xml, after
 * rerunning the failing load scenarios ({@code --confirm}, on by default) confirmed the slowdown. How the
 * verdict stays robust on a noisy machine: {@link GateValidationIT}. Runs go to {@code
 * target/gate-regression/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class GateRegressionIT {

    private ValidationGates gates;

    @BeforeAll
    void prepare() throws Exception {
        gates = new ValidationGates("gate-regression");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void gate_threeTimesSlowerProfile_failsNamingTheRegressedLoadMetrics() throws Exception {
        PerfHarness unchanged = gates.gate("unchanged");
        assertThat(unchanged.run(gates.args("unchanged", gates.calibrated)))
                .as("an unchanged run makes the history:%n%s", unchanged.output())
                .isZero();

        PerfHarness perf = gates.gate("slower");
        int status = perf.run(gates.args("slower", gates.slower));

        assertThat(status)
                .as("a known slowdown fails the gate:%n%s", perf.output())
                .isEqualTo(1);
        Path run = gates.run("slower");
        String summary = Files.readString(run.resolve("summary.md"));
        String junit = Files.readString(run.resolve("junit.xml"));
        for (String scenario : List.of("steady", "arrival")) {
            for (String metric : List.of("ttft.p50", "e2e.p50", "output_tps.mean")) {
                String name = "load." + scenario + "." + ValidationGates.MODEL + "." + metric;
                assertThat(summary).as("summary.md names %s", name).contains(name);
                assertThat(junit)
                        .as("junit.xml fails %s", name)
                        .containsPattern(
                                "testcase[^>]*name=\"" + name.replace(".", "\\.") + " tolerance\"[^>]*>\\s*<failure");
            }
        }
        assertThat(gates.results("slower").path("verdict").path("outcome").asText())
                .isEqualTo("FAIL");
        // The gate reran the failing load scenarios (the slowdown is real) and the reruns confirmed it.
        assertThat(perf.out())
                .as("the confirmation step")
                .contains("] confirming ")
                .contains("failing check(s) by rerunning the load scenario(s) ")
                .contains("confirm: load steady")
                .contains("confirm: load arrival")
                .contains("confirmed on rerun: first ");
        assertThat(run.resolve("confirm-1/load/metrics-steady.json")).isNotEmptyFile();
        assertThat(run.resolve("confirm-1/load/metrics-arrival.json")).isNotEmptyFile();
        assertThat(summary).contains("confirmed on rerun: first ");
    }
}
