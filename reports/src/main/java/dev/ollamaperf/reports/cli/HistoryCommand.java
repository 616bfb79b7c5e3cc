package dev.ollamaperf.reports.cli;

import dev.ollamaperf.reports.budget.Selector;
import dev.ollamaperf.reports.history.HistoryRun;
import dev.ollamaperf.reports.history.HistoryStore;
import dev.ollamaperf.reports.history.TrendPoint;
import dev.ollamaperf.reports.metric.Numbers;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code history}: the stored runs, and the trend of selected metrics with a text sparkline. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        description = {"Lists the runs in the history and shows the trend of the selected metrics (oldest to newest)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "2:usage error, or the history is missing or corrupt", "4:internal error"})
final class HistoryCommand implements Callable<Integer> {

    private static final String BARS = "▁▂▃▄▅▆▇█";

    @Option(
            names = {"--db", "--history"},
            paramLabel = "FILE",
            defaultValue = "history.db",
            description = "history database (default: ${DEFAULT-VALUE})")
    Path db;

    @Option(
            names = "--metric",
            paramLabel = "NAME_OR_GLOB",
            description = "metric to show the trend of; '*' matches any characters; repeatable")
    List<String> metrics = new ArrayList<>();

    @Option(
            names = "--last",
            paramLabel = "N",
            defaultValue = "20",
            description = "how many runs (default: ${DEFAULT-VALUE})")
    int last;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (last < 1) {
            throw new InputException("--last must be >= 1, got: " + last);
        }
        if (!Files.isRegularFile(db)) {
            throw new InputException("history " + db + ": no such file (a 'report' run creates it)");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (HistoryStore store = new HistoryStore(db, Integer.MAX_VALUE)) {
            List<HistoryRun> runs = store.runs(last);
            out.println("History " + db + ": last " + runs.size() + " runs, oldest first");
            String format = "  %-24s  %-36s  %-7s  %-7s  %-10s  %-9s  %-12s  %7s%n";
            out.printf(
                    Locale.ROOT,
                    format,
                    "started",
                    "run",
                    "status",
                    "verdict",
                    "commit",
                    "target",
                    "machine",
                    "metrics");
            for (HistoryRun r : runs) {
                out.printf(
                        Locale.ROOT,
                        format,
                        r.startedAt(),
                        r.runId(),
                        r.status(),
                        dash(r.verdict()),
                        dash(r.gitCommit()),
                        dash(r.targetKind()),
                        r.fingerprint(),
                        r.metrics());
            }
            List<String> selected = selected(store.metricNames());
            if (metrics.isEmpty()) {
                out.println();
                out.println(store.metricNames().size() + " metrics stored; --metric NAME_OR_GLOB shows their trends");
            } else if (selected.isEmpty()) {
                throw new InputException("--metric " + String.join(", ", metrics) + ": matches no stored metric");
            } else {
                out.println();
                out.println("Trends over the last " + last + " runs (oldest -> newest):");
                for (String name : selected) {
                    out.println(trendLine(name, store.trend(name, last)));
                }
            }
        }
        out.flush();
        return 0;
    }

    private List<String> selected(List<String> names) {
        List<Selector> selectors = metrics.stream().map(Selector::new).toList();
        return names.stream()
                .filter(n -> selectors.stream().anyMatch(s -> s.matches(n)))
                .toList();
    }

    static String trendLine(String name, List<TrendPoint> points) {
        double min = points.stream().mapToDouble(TrendPoint::value).min().orElse(0);
        double max = points.stream().mapToDouble(TrendPoint::value).max().orElse(0);
        StringBuilder spark = new StringBuilder();
        for (TrendPoint p : points) {
            int i = max == min ? 3 : (int) Math.round((p.value() - min) / (max - min) * (BARS.length() - 1));
            spark.append(BARS.charAt(i));
        }
        TrendPoint first = points.get(0);
        TrendPoint latest = points.get(points.size() - 1);
        return String.format(
                Locale.ROOT,
                "  %-50s %s  %s -> %s %s  (min %s, max %s, %d runs)",
                name,
                spark,
                Numbers.plain(first.value(), 4),
                Numbers.plain(latest.value(), 4),
                latest.unit(),
                Numbers.plain(min, 4),
                Numbers.plain(max, 4),
                points.size());
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
