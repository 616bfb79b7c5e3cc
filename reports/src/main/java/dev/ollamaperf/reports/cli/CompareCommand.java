package dev.ollamaperf.reports.cli;

import dev.ollamaperf.reports.compare.Change;
import dev.ollamaperf.reports.compare.Comparison;
import dev.ollamaperf.reports.compare.MetricComparison;
import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.gate.RunJudge;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.render.ReportFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code compare RUN_A RUN_B}: B against A, side by side; writes comparison.md and comparison.html. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        description = {
            "Compares RUN_B with RUN_A (each a run folder or a results.json) metric by metric with the noise-aware "
                    + "rule (default tolerance 10%%), prints a table and writes comparison.md and comparison.html into RUN_B's "
                    + "folder or --out."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no metric regressed",
            "1:at least one metric regressed",
            "2:usage or configuration error",
            "4:internal error"
        })
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_A", description = "the reference run (folder or results.json)")
    Path runA;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "the run compared with it (folder or results.json)")
    Path runB;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "where to write comparison.md and comparison.html " + "(default: RUN_B's folder)")
    Path outDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RunResult a = Inputs.run(runA, "RUN_A");
        RunResult b = Inputs.run(runB, "RUN_B");
        Report report = new RunJudge().judge(b, a, null);
        Comparison comparison = report.comparison();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Comparing B " + b.runId() + " with A " + a.runId() + " (tolerance 10%, change = B - A)");
        out.println();
        table(out, comparison);
        Path dir = outDir != null ? outDir : Inputs.folder(runB);
        Path md = write(dir.resolve("comparison.md"), ReportFormat.MARKDOWN, report);
        Path html = write(dir.resolve("comparison.html"), ReportFormat.HTML, report);
        out.println();
        out.println("Written: " + md.toAbsolutePath());
        out.println("         " + html.toAbsolutePath());
        out.flush();
        return comparison.with(Change.REGRESSED).isEmpty() ? 0 : 1;
    }

    private static void table(PrintWriter out, Comparison comparison) {
        List<Change> order = List.of(
                Change.REGRESSED, Change.IMPROVED, Change.INCONCLUSIVE, Change.MISSING, Change.NEW, Change.UNCHANGED);
        List<MetricComparison> rows = new ArrayList<>(comparison.metrics());
        rows.sort(Comparator.comparingInt((MetricComparison m) -> order.indexOf(m.change())));
        int width = Math.min(
                60, rows.stream().mapToInt(m -> m.name().length()).max().orElse(6));
        String format = "%-12s  %-" + width + "s  %16s  %16s  %9s%n";
        out.printf(Locale.ROOT, format, "change", "metric", "A", "B", "B vs A");
        for (MetricComparison m : rows) {
            out.printf(
                    Locale.ROOT,
                    format,
                    m.change().name().toLowerCase(Locale.ROOT),
                    m.name(),
                    value(m.baseline()),
                    value(m.current()),
                    m.delta() == null ? "" : m.delta().describe());
        }
        StringBuilder counts = new StringBuilder();
        for (Change c : order) {
            counts.append(counts.length() == 0 ? "" : ", ")
                    .append(comparison.with(c).size())
                    .append(' ')
                    .append(c.name().toLowerCase(Locale.ROOT));
        }
        out.println(counts);
    }

    private static String value(Metric m) {
        return m == null ? "-" : Numbers.plain(m.value(), 4) + " " + m.unit();
    }

    private static Path write(Path file, ReportFormat format, Report report) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                format.create().render(report, w);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
