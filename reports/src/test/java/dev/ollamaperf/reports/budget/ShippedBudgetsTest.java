package dev.ollamaperf.reports.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Unit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The project's own {@code perf-budgets.yaml} (at the repository root) against the JMH suite's metric names:
 * its budgets gate our code and leave the peer libraries' rows, measured for comparison, unbudgeted.
 */
@Timeout(30)
final class ShippedBudgetsTest {

    private static final Path SHIPPED = Path.of("../perf-budgets.yaml");

    /** Peer rows with the parameters in another order than the suite's results.json has them today. */
    private static final List<String> REORDERED_PEERS = List.of(
            "jmh.ChatEncodeBenchmark.encode_chatRequest[messages=50,encoder=OLLAMA4J]",
            "jmh.ClientCallBenchmark.chat_streaming[tokens=16,client=LANGCHAIN4J]",
            "jmh.ClientCallBenchmark.chat_streaming[tokens=256,client=JACKSON]");

    @Test
    void parse_shippedBudgets_noRuleSelectsAPeerLibraryRow() {
        BudgetFile budgets = new BudgetParser().parse(SHIPPED);
        List<String> peers = new ArrayList<>(BenchmarkNames.metrics(BenchmarkNames.PEERS));
        peers.addAll(BenchmarkNames.metrics(REORDERED_PEERS));

        for (BudgetRule rule : budgets.rules()) {
            assertThat(peers)
                    .as("peer rows selected by rule '%s' (line %d)", rule.selector(), rule.line())
                    .noneMatch(rule::selects);
        }
    }

    @Test
    void parse_shippedBudgets_jmhRulesSelectEveryRowOfOurs() {
        BudgetFile budgets = new BudgetParser().parse(SHIPPED);

        for (String ours : BenchmarkNames.metrics(BenchmarkNames.OURS)) {
            assertThat(budgets.rules())
                    .as("rules selecting %s", ours)
                    .filteredOn(r -> r.selects(ours))
                    .hasSize(1);
        }
        assertThat(budgets.rules())
                .filteredOn(r -> r.selector().pattern().startsWith("jmh."))
                .as("the JMH rules")
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.excludes()).isNotEmpty());
    }

    @Test
    void check_shippedBudgetsOnTheWholeSuite_checksOurRowsOnly() {
        BudgetFile budgets = new BudgetParser().parse(SHIPPED);
        List<Metric> metrics = new ArrayList<>();
        for (String name : BenchmarkNames.metrics(BenchmarkNames.OURS)) {
            metrics.add(jmh(name));
        }
        for (String name : BenchmarkNames.metrics(BenchmarkNames.PEERS)) {
            metrics.add(jmh(name));
        }
        metrics.add(Metric.of(
                "load.arrival.llama3.2:latest.ttft.p95", Unit.MILLISECONDS, Direction.LOWER_IS_BETTER, 420, "load"));
        metrics.add(Metric.of("load.arrival.errors.ratio", Unit.RATIO, Direction.LOWER_IS_BETTER, 0, "load"));
        metrics.add(Metric.of("load.steady.errors.ratio", Unit.RATIO, Direction.LOWER_IS_BETTER, 0, "load"));
        RunResult run = new RunResult("suite", Instant.EPOCH, Map.of(), metrics, RunStatus.VALID, List.of());

        List<BudgetResult> results = new BudgetChecker().check(budgets, run, null);

        assertThat(results)
                .extracting(BudgetResult::metric)
                .filteredOn(m -> m.startsWith("jmh."))
                .containsExactlyInAnyOrderElementsOf(BenchmarkNames.metrics(BenchmarkNames.OURS))
                .doesNotContainAnyElementsOf(BenchmarkNames.metrics(BenchmarkNames.PEERS));
        assertThat(budgets.toleranceFor("jmh.ClientCallBenchmark.chat_streaming[client=OURS,tokens=16].time"))
                .isEqualTo(0.25);
        assertThat(budgets.toleranceFor("jmh.ClientCallBenchmark.chat_streaming[client=OLLAMA4J,tokens=16].time"))
                .as("a peer row gets the file's default tolerance, not the rule's")
                .isEqualTo(budgets.defaultTolerance());
    }

    @Test
    void check_shippedFairnessBudget_halfTheUsersStarvedFailsServiceAlikePasses() {
        BudgetFile budgets = new BudgetParser().parse(SHIPPED);
        String jain = "load.steady.integration.fairness.jain";

        assertThat(outcome(budgets, Metric.of(jain, Unit.RATIO, Direction.HIGHER_IS_BETTER, 0.5, "load"), jain))
                .isEqualTo(BudgetResult.Outcome.FAIL);
        assertThat(outcome(budgets, Metric.of(jain, Unit.RATIO, Direction.HIGHER_IS_BETTER, 0.98, "load"), jain))
                .isEqualTo(BudgetResult.Outcome.PASS);
    }

    @Test
    void check_shippedFallbackBudget_unansweredRequestsFail() {
        BudgetFile budgets = new BudgetParser().parse(SHIPPED);
        String errors = "load.fallback.errors.ratio";

        assertThat(outcome(budgets, Metric.of(errors, Unit.RATIO, Direction.LOWER_IS_BETTER, 1.0, "load"), errors))
                .isEqualTo(BudgetResult.Outcome.FAIL);
        assertThat(outcome(budgets, Metric.of(errors, Unit.RATIO, Direction.LOWER_IS_BETTER, 0, "load"), errors))
                .isEqualTo(BudgetResult.Outcome.PASS);
    }

    /** The outcome of {@code name}'s check in a run of {@code metric} and the scenario's required errors ratio. */
    private static BudgetResult.Outcome outcome(BudgetFile budgets, Metric metric, String name) {
        String scenario = name.substring(0, name.indexOf('.', "load.".length()));
        List<Metric> metrics = new ArrayList<>(List.of(metric));
        if (!name.equals(scenario + ".errors.ratio")) {
            metrics.add(Metric.of(scenario + ".errors.ratio", Unit.RATIO, Direction.LOWER_IS_BETTER, 0, "load"));
        }
        RunResult run = new RunResult("r", Instant.EPOCH, Map.of(), metrics, RunStatus.VALID, List.of());
        return new BudgetChecker()
                .check(budgets, run, null).stream()
                        .filter(r -> r.metric().equals(name))
                        .findFirst()
                        .orElseThrow()
                        .outcome();
    }

    private static Metric jmh(String name) {
        return name.endsWith(".alloc")
                ? Metric.of(name, Unit.BYTES_PER_OP, Direction.LOWER_IS_BETTER, 512, "jmh")
                : Metric.of(name, Unit.NANOSECONDS_PER_OP, Direction.LOWER_IS_BETTER, 1200, "jmh");
    }
}
