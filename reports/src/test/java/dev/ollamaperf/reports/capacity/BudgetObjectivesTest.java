package dev.ollamaperf.reports.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.budget.BudgetParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Latency objectives taken from a budget file's rules. */
final class BudgetObjectivesTest {

    @Test
    void from_latencyRulesWithUpperLimits_becomeObjectivesInMillis() {
        String yaml = String.join(
                "\n",
                "version: 1",
                "budgets:",
                "  - select: load.steady.*.ttft.p95",
                "    limit: <= 1500 ms",
                "  - select: load.arrival.llama3.2:latest.e2e.p99",
                "    limit: < 10 s",
                "  - select: load.steady.errors.ratio",
                "    limit: <= 0.01",
                "  - select: load.steady.*.output_tps.mean",
                "    limit: \">= 20 tokens/s\"",
                "  - select: load.steady.*.e2e.p50",
                "    tolerance: 10%",
                "");

        var objectives = BudgetObjectives.from(new BudgetParser().parse(Path.of("budgets.yaml"), yaml));

        assertThat(objectives).containsExactly(new Objective("ttft", "p95", 1500), new Objective("e2e", "p99", 10_000));
    }
}
