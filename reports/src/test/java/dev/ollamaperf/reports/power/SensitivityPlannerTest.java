package dev.ollamaperf.reports.power;

import static dev.ollamaperf.reports.power.PowerHistory.ADDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetParser;
import dev.ollamaperf.reports.history.PastValue;
import dev.ollamaperf.reports.metric.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizing for {@code --sensitivity} from a synthetic history of six 20 s runs: median 12.5 ms, robust sd
 * 1.4826 * 1.5 = 2.224 ms, so the noise part of the MDR at 20 s is 4.480 * 2.224 = 9.963 ms. The metric's rule is a
 * limit ({@code <= 50 ms}) without tolerance, so the target is a share of the limit, not of the median.
 */
@Timeout(60)
final class SensitivityPlannerTest {

    private static final Duration CAP = Duration.ofSeconds(115);

    @TempDir
    Path dir;

    private Map<String, List<PastValue>> past;

    @BeforeEach
    void history() {
        PowerHistory.write(dir.resolve("history.db"), "20s", new double[] {10, 11, 12, 13, 14, 30}, null);
        RunResult next = PowerHistory.run("next", 99, "20s", List.of());
        past = PowerHistory.past(dir.resolve("history.db"), next);
    }

    @Test
    void reachableTarget_givesTheShortestLength() throws Exception {
        // 10% of the 50 ms limit = 5 ms: 20 s * (9.963 / 5)^2 = 79.4 s, rounded up
        SensitivityPlan plan =
                new SensitivityPlanner().plan(PowerHistory.budgets(dir), past, List.of("steady"), 0.1, CAP);

        assertThat(plan.reachable()).isTrue();
        assertThat(plan.length()).isEqualTo(Duration.ofSeconds(80));
        assertThat(plan.sizings()).singleElement().satisfies(s -> {
            assertThat(s.metric()).isEqualTo(ADDED);
            assertThat(s.scenario()).isEqualTo("steady");
        });
        assertThat(plan.lines().get(0))
                .isEqualTo("--sensitivity 10%: every scenario runs 80s (the longest any budgeted load metric needs;"
                        + " the cap is 115s)");
    }

    @Test
    void targetBeyondTheCap_saysSo_andTheBestItCanReach() throws Exception {
        // 5% of the limit = 2.5 ms: 20 s * (9.963 / 2.5)^2 = 317.6 s > 115 s; at 115 s the MDR is 9.963 * sqrt(20/115)
        // = 4.155 ms, 8.3% of the limit
        SensitivityPlan plan =
                new SensitivityPlanner().plan(PowerHistory.budgets(dir), past, List.of("steady"), 0.05, CAP);

        assertThat(plan.reachable()).isFalse();
        assertThat(plan.unreachable()).singleElement().satisfies(s -> {
            assertThat(s.needed()).isNull();
            assertThat(s.best())
                    .isCloseTo(PowerCalculator.NOISE_FACTOR * 1.4826 * 1.5 * Math.sqrt(20.0 / 115) / 50, within(1e-9));
        });
        assertThat(plan.lines())
                .containsExactly(
                        "--sensitivity 5%: cannot be reached within the gate's time budget (115s per scenario) or"
                                + " cannot be sized:",
                        "  " + ADDED + ": cannot (sd 2.22 ms over 6 runs of 20s, +8.3% at the cap)");
    }

    @Test
    void aScenarioWithoutHistory_isMissing_withHowToGetIt() throws Exception {
        SensitivityPlan plan =
                new SensitivityPlanner().plan(PowerHistory.budgets(dir), past, List.of("steady", "arrival"), 0.5, CAP);

        assertThat(plan.reachable()).isFalse();
        assertThat(plan.missing())
                .containsExactly("load.arrival.*: no budgeted metric of this scenario in the history of this machine;"
                        + " run `scripts/perf gate` 5 times (without --sensitivity) to measure its noise");
    }

    @Test
    void tooFewRunsOfOneLength_isMissing_withHowManyMore() throws Exception {
        PowerHistory.write(dir.resolve("few.db"), "30s", new double[] {10, 11, 12}, null);
        Map<String, List<PastValue>> few =
                PowerHistory.past(dir.resolve("few.db"), PowerHistory.run("next", 99, "30s", List.of()));

        SensitivityPlan plan =
                new SensitivityPlanner().plan(PowerHistory.budgets(dir), few, List.of("steady"), 0.5, CAP);

        assertThat(plan.reachable()).isFalse();
        assertThat(plan.missing())
                .containsExactly(ADDED + ": noise unknown, 3 comparable runs of one --duration in the history (5"
                        + " needed); run `scripts/perf gate` 2 more times with one --duration");
    }

    @Test
    void aToleranceAtLeastTheTarget_cannotBeReachedAtAnyLength() throws Exception {
        Path file = dir.resolve("tolerance.yaml");
        Files.writeString(file, """
                version: 1
                budgets:
                  - select: "load.*.added.ttft.p50"
                    tolerance: 60%
                    severity: fail
                """);
        BudgetFile budgets = new BudgetParser().parse(file);

        SensitivityPlan plan = new SensitivityPlanner().plan(budgets, past, List.of("steady"), 0.5, CAP);

        assertThat(plan.reachable()).isFalse();
        assertThat(plan.unreachable().get(0).why())
                .isEqualTo("its budget's tolerance 60% alone is at least the target");
    }
}
