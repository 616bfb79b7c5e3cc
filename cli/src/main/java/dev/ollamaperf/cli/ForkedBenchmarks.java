package dev.ollamaperf.cli;

import dev.ollamaperf.reports.budget.BudgetException;
import dev.ollamaperf.reports.budget.BudgetParser;
import dev.ollamaperf.reports.history.HistoryException;
import dev.ollamaperf.reports.history.HistorySpread;
import dev.ollamaperf.reports.history.HistoryStore;
import dev.ollamaperf.reports.power.ForkPlanner;
import dev.ollamaperf.results.FormatException;
import dev.ollamaperf.results.FormatFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The budgeted benchmarks of this gate to run with more forks ({@link ForkPlanner}), from the history of this
 * machine, as a JMH regex. None when the gate has no budget file or history, or {@code --bench-include} chose the
 * benchmarks (JMH ORs its includes, so the user's choice could not be narrowed), or in smoke mode (which measures
 * nothing); a budget file or history that cannot be read is left to the report to complain about.
 */
final class ForkedBenchmarks {

    private ForkedBenchmarks() {}

    static Optional<String> regex(GateRun gate) {
        GateSettings settings = gate.settings();
        if (settings.budgets() == null
                || settings.history().isEmpty()
                || settings.benchInclude() != null
                || settings.benchMode() == BenchMode.SMOKE) {
            return Optional.empty();
        }
        Path db = settings.history().get();
        if (!Files.exists(db)) {
            return Optional.empty();
        }
        try (HistoryStore store = new HistoryStore(db, HistoryStore.DEFAULT_KEEP)) {
            Map<String, String> environment = FormatFiles.readEnvironment(
                            gate.run().resolve("environment.json"))
                    .flatten();
            return ForkPlanner.regex(new ForkPlanner()
                    .methods(
                            new BudgetParser().parse(settings.budgets()),
                            new HistorySpread(HistorySpread.DEFAULT_RUNS)
                                    .of(
                                            store,
                                            environment,
                                            gate.run().getFileName().toString())));
        } catch (BudgetException | HistoryException | FormatException e) {
            return Optional.empty();
        }
    }
}
