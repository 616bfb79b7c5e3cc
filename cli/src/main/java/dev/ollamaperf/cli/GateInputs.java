package dev.ollamaperf.cli;

import dev.ollamaperf.reports.budget.BudgetException;
import dev.ollamaperf.reports.budget.BudgetParser;
import dev.ollamaperf.reports.history.HistoryException;
import dev.ollamaperf.reports.history.HistoryStore;
import dev.ollamaperf.reports.read.ResultsReader;
import dev.ollamaperf.reports.read.RunReader;
import dev.ollamaperf.results.FormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads what the gate judges its run with (the budget file, {@code --baseline}, the history) before anything is
 * measured, with the readers the report uses at the end, and checks that {@code --bench-include} is a regular
 * expression: a missing or malformed one then ends the gate at once, not after minutes of benchmarks and load.
 */
final class GateInputs {

    private GateInputs() {}

    /** What cannot be read, one line each naming the file; empty when the gate can go on. */
    static List<String> problems(GateSettings settings) {
        List<String> problems = new ArrayList<>();
        if (settings.budgets() != null) {
            try {
                new BudgetParser().parse(settings.budgets());
            } catch (BudgetException e) {
                problems.add(e.getMessage());
            }
        }
        String baseline = settings.baseline();
        if (baseline != null && !baseline.equals("history")) {
            baselineProblem(Path.of(baseline)).ifPresent(problems::add);
        }
        if (settings.benchInclude() != null) {
            try {
                Pattern.compile(settings.benchInclude());
            } catch (PatternSyntaxException e) {
                problems.add("'--bench-include' must be a regular expression of benchmark names, got: '"
                        + settings.benchInclude() + "' (" + e.getDescription() + ")");
            }
        }
        settings.history().filter(Files::exists).ifPresent(db -> {
            try {
                // opening checks that the file is a history database of a version this tool reads
                new HistoryStore(db, HistoryStore.DEFAULT_KEEP).close();
            } catch (HistoryException e) {
                problems.add(e.getMessage());
            }
        });
        return problems;
    }

    private static Optional<String> baselineProblem(Path path) {
        try {
            if (Files.isDirectory(path)) {
                new RunReader().read(path);
            } else if (Files.isRegularFile(path)) {
                new ResultsReader().read(path);
            } else {
                return Optional.of("baseline " + path + ": no such run folder or results.json");
            }
            return Optional.empty();
        } catch (FormatException e) {
            return Optional.of("baseline " + path + ": " + e.getMessage());
        }
    }
}
