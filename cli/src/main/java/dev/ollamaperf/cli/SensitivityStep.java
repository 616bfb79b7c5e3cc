package dev.ollamaperf.cli;

import dev.ollamaperf.reports.budget.BudgetException;
import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetParser;
import dev.ollamaperf.reports.history.HistoryException;
import dev.ollamaperf.reports.history.HistorySpread;
import dev.ollamaperf.reports.history.HistoryStore;
import dev.ollamaperf.reports.history.PastValue;
import dev.ollamaperf.reports.power.RunLength;
import dev.ollamaperf.reports.power.SensitivityPlan;
import dev.ollamaperf.reports.power.SensitivityPlanner;
import dev.ollamaperf.results.FormatException;
import dev.ollamaperf.results.FormatFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --sensitivity}: before any load, sizes the scenarios' length from the history so that every budgeted load
 * metric's minimum detectable regression is at most the target (docs/power.md, "Sizing"), within the gate's time
 * budget ({@link GateTimeBudget}). Reachable: every scenario runs that length, and environment.json says so (the
 * history groups noise by length). Not reachable, or not known: the gate ends with exit 2, naming each metric, what
 * it can reach, or what the history lacks. Runs after {@link EnvironmentStep}, whose environment.json gives this
 * machine's fingerprint.
 */
final class SensitivityStep implements GateStep {

    @Override
    public Optional<ExitCode> run(GateRun gate) {
        GateSettings settings = gate.settings();
        if (settings.sensitivity() == null) {
            return Optional.empty();
        }
        PrintStream err = gate.context().err();
        if (settings.history().isEmpty() || settings.budgets() == null) {
            err.println("perf gate: --sensitivity sizes the run from the history of budgeted metrics; it needs a"
                    + " budget file and the history (not --no-history)");
            return Optional.of(ExitCode.USAGE);
        }
        Path db = settings.history().get();
        BudgetFile budgets;
        Map<String, List<PastValue>> past = Map.of();
        try {
            budgets = new BudgetParser().parse(settings.budgets());
            Map<String, String> environment = FormatFiles.readEnvironment(
                            gate.run().resolve("environment.json"))
                    .flatten();
            if (Files.exists(db)) {
                try (HistoryStore store = new HistoryStore(db, HistoryStore.DEFAULT_KEEP)) {
                    past = new HistorySpread(HistorySpread.DEFAULT_RUNS)
                            .of(store, environment, gate.run().getFileName().toString());
                }
            }
        } catch (BudgetException | HistoryException | FormatException e) {
            // a configuration the user can fix (a malformed budget file, a history that is not one), not a bug
            err.println("perf gate: --sensitivity cannot read what it sizes from: " + e.getMessage());
            return Optional.of(ExitCode.USAGE);
        }
        List<String> scenarios =
                settings.scenarios().stream().map(Scenario::label).toList();
        SensitivityPlan plan = new SensitivityPlanner()
                .plan(
                        budgets,
                        past,
                        scenarios,
                        settings.sensitivity(),
                        GateTimeBudget.perScenario(settings.benchMode(), scenarios.size()));
        if (!plan.reachable()) {
            plan.lines().forEach(err::println);
            err.println("perf gate: exit 2; choose a larger --sensitivity, fewer --scenarios, or gather history first"
                    + " (history: " + db + ")");
            return Optional.of(ExitCode.USAGE);
        }
        plan.lines().forEach(line -> gate.context().out().println(line));
        gate.resize(RunLength.format(plan.length()));
        int status = gate.context()
                .reports()
                .environment(
                        gate.run(),
                        gate.context().target(gate.settings().loadFlags()),
                        gate.settings().environmentSettings(),
                        true);
        return status == 0 ? Optional.empty() : Optional.of(ExitCode.of(status));
    }

    @Override
    public boolean numbered(GateSettings settings) {
        return false;
    }
}
