package dev.ollamaperf.reports.cli;

import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetParser;
import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.gate.RunJudge;
import dev.ollamaperf.reports.history.HistoryBaseline;
import dev.ollamaperf.reports.history.HistorySpread;
import dev.ollamaperf.reports.history.HistoryStore;
import dev.ollamaperf.reports.history.PastValue;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.power.Detectable;
import dev.ollamaperf.reports.power.PowerCalculator;
import dev.ollamaperf.reports.read.RunReader;
import dev.ollamaperf.reports.render.ReportFormat;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code report RUN_DIR}: judge a run, write its reports, append it to the history, print a summary. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        description = {
            "Reads the run folder, checks budgets and the baseline, writes index.html, summary.md, results.json "
                    + "and junit.xml into it, appends the run to the history and prints a summary."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:pass",
            "1:a fail budget is broken or the run is invalid",
            "2:usage or configuration error (missing folder, malformed budget file, corrupt history...)",
            "4:internal error"
        })
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run folder (environment.json, jmh/, load/)")
    Path runDir;

    @Option(
            names = "--budgets",
            paramLabel = "FILE",
            description =
                    "budget file (YAML); default: ./perf-budgets.yaml if it exists, else only validity is checked")
    Path budgets;

    @Option(
            names = "--baseline",
            paramLabel = "RUN_DIR|results.json|history",
            description = "what to compare with: a run folder, a results.json, or 'history' (median of recent runs)")
    String baseline;

    @Option(
            names = "--history",
            paramLabel = "DB",
            description = "history database (default: history.db beside RUN_DIR)")
    Path history;

    @Option(names = "--no-history", description = "do not append this run to the history")
    boolean noHistory;

    @Option(
            names = "--keep",
            paramLabel = "N",
            defaultValue = "" + HistoryStore.DEFAULT_KEEP,
            description = "runs the history keeps (default: ${DEFAULT-VALUE})")
    int keep;

    @Option(
            names = "--baseline-runs",
            paramLabel = "K",
            defaultValue = "" + HistoryBaseline.DEFAULT_RUNS,
            description = "with --baseline history: median of the last K valid runs (default: ${DEFAULT-VALUE})")
    int baselineRuns;

    @Option(
            names = "--confirm",
            paramLabel = "DIR",
            description = {
                "a run folder holding a rerun of the failing parts (jmh/results.json, load/metrics-<scenario>.json, "
                        + "environment.json); repeatable. A failed budget check stays FAIL only when every rerun that measured "
                        + "its metric fails it too; otherwise it becomes a WARN 'not confirmed on rerun'. "
                        + "The history keeps RUN_DIR's own metrics."
            })
    List<Path> confirm = new ArrayList<>();

    @Option(
            names = "--invalid",
            paramLabel = "REASON",
            description = {
                "marks the run INVALID for this reason besides its own; repeatable. The gate passes it for a "
                        + "partial run (the target stopped answering mid-run): the report covers what was measured, the verdict "
                        + "is FAIL, and the history keeps the run as INVALID, never a baseline."
            })
    List<String> invalid = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(runDir)) {
            throw new InputException("run folder " + runDir + ": no such folder");
        }
        if (keep < 1 || baselineRuns < 1) {
            throw new InputException("--keep and --baseline-runs must be >= 1, got: " + keep + ", " + baselineRuns);
        }
        RunResult run = new RunReader().read(runDir).invalidatedBy(invalid);
        Path budgetPath = budgets != null
                ? budgets
                : Files.isRegularFile(Path.of(BudgetFile.DEFAULT_LOCATION))
                        ? Path.of(BudgetFile.DEFAULT_LOCATION)
                        : null;
        BudgetFile budgetFile = budgetPath == null ? null : new BudgetParser().parse(budgetPath);
        Path db =
                history != null ? history : runDir.toAbsolutePath().getParent().resolve("history.db");
        RunResult base = baseline(run, db);
        List<RunResult> reruns = new ArrayList<>();
        for (Path dir : confirm) {
            if (!Files.isDirectory(dir)) {
                throw new InputException("--confirm " + dir + ": no such folder");
            }
            RunResult rerun = new RunReader().read(dir);
            // The gate copies environment.json into the rerun folder, so name the rerun after its folder.
            reruns.add(
                    !rerun.runId().equals(run.runId())
                            ? rerun
                            : new RunResult(
                                    run.runId() + "/" + dir.getFileName(),
                                    rerun.timestamp(),
                                    rerun.environment(),
                                    rerun.metrics(),
                                    rerun.status(),
                                    rerun.reasons()));
        }
        Report report = new RunJudge().judge(run, base, budgetFile, reruns).withPower(power(run, budgetFile, db));
        Path page = null;
        for (ReportFormat format : ReportFormat.values()) {
            Path written = format.writeTo(runDir, report);
            page = format == ReportFormat.HTML ? written : page;
        }
        String stored = null;
        if (!noHistory) {
            try (HistoryStore store = new HistoryStore(db, keep)) {
                store.append(run, report.verdict().outcome());
                stored = "appended to " + db.toAbsolutePath() + " ("
                        + store.runs(Integer.MAX_VALUE).size() + " runs stored)";
            }
        }
        new TerminalSummary(out).print(report, page, stored);
        return report.verdict().exitCode();
    }

    /** The smallest regression each budgeted metric's check detects, from the history read before this run joins it. */
    private static List<Detectable> power(RunResult run, BudgetFile budgets, Path db) {
        if (budgets == null) {
            return List.of();
        }
        Map<String, List<PastValue>> past = Map.of();
        if (Files.exists(db)) {
            try (HistoryStore store = new HistoryStore(db, HistoryStore.DEFAULT_KEEP)) {
                past = new HistorySpread(HistorySpread.DEFAULT_RUNS).of(store, run.environment(), run.runId());
            }
        }
        return new PowerCalculator().of(budgets, run, past);
    }

    private RunResult baseline(RunResult run, Path db) {
        if (baseline == null) {
            return null;
        }
        if (!baseline.equals("history")) {
            return Inputs.run(Path.of(baseline), "baseline");
        }
        if (!Files.exists(db)) {
            spec.commandLine().getOut().println("note: no baseline: history " + db + " does not exist yet");
            return null;
        }
        try (HistoryStore store = new HistoryStore(db, keep)) {
            Optional<RunResult> b = new HistoryBaseline(baselineRuns).of(store, run);
            if (b.isEmpty()) {
                spec.commandLine()
                        .getOut()
                        .println(
                                "note: no baseline: " + db + " holds no earlier valid, non-failing run of " + "target '"
                                        + run.environment().getOrDefault("target.kind", "?") + "' on this machine");
            }
            return b.orElse(null);
        }
    }
}
