package dev.ollamaperf.reports.modelcomparison;

import dev.ollamaperf.reports.metric.Numbers;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a comparison for a terminal: one ranking table per metric, then load and memory per model. */
public final class ModelsTable {

    private ModelsTable() {}

    /** Prints {@code c} to {@code out}. */
    public static void print(ModelComparison c, PrintWriter out) {
        int width = Math.max(
                5, c.models().stream().mapToInt(s -> s.model().length()).max().orElse(5));
        out.printf(
                Locale.ROOT,
                "Model comparison, run %s, scenario '%s': medians with %.0f%% intervals%n",
                c.runId(),
                c.scenario(),
                100 * c.confidence());
        for (MetricRanking r : c.rankings()) {
            ComparedMetric m = r.metric();
            out.printf(
                    Locale.ROOT,
                    "%n%s (%s, %s is better)%n",
                    m.label(),
                    m.unit().symbol(),
                    m.direction().name().startsWith("LOWER") ? "lower" : "higher");
            String format = "  %-4s  %-" + width + "s  %10s  %-23s  %7s  %s%n";
            out.printf(Locale.ROOT, format, "rank", "model", "median", "interval", "samples", "indistinguishable from");
            for (MetricRanking.Place p : r.places()) {
                Estimate e = p.estimate();
                String interval = "[" + Numbers.plain(e.low(), 4) + ", " + Numbers.plain(e.high(), 4) + "]"
                        + (e.reaches(c.confidence()) ? "" : String.format(Locale.ROOT, " %.0f%%", 100 * e.coverage()));
                out.printf(
                        Locale.ROOT,
                        format,
                        Integer.toString(p.rank()),
                        p.model(),
                        Numbers.plain(e.median(), 4),
                        interval,
                        e.effectiveSamples() == e.samples()
                                ? Long.toString(e.samples())
                                : e.effectiveSamples() + "/" + e.samples(),
                        p.indistinguishableFrom().isEmpty() ? "-" : String.join(", ", p.indistinguishableFrom()));
            }
        }
        out.printf(Locale.ROOT, "%nLoad and memory%n");
        String format = "  %-" + width + "s  %-26s  %12s  %12s  %8s%n";
        out.printf(Locale.ROOT, format, "model", "load", "memory", "in VRAM", "failed");
        for (ModelComparison.ModelSummary s : c.models()) {
            out.printf(
                    Locale.ROOT,
                    format,
                    s.model(),
                    load(s),
                    gb(s.memoryBytes()),
                    gb(s.vramBytes()),
                    s.failed() + "/" + s.requests());
        }
        if (!c.warnings().isEmpty()) {
            out.println();
            c.warnings().forEach(w -> out.println("WARNING " + w));
        }
        out.flush();
    }

    /** "6612 ms (loaded by the run)", "already loaded", "not measured". */
    static String load(ModelComparison.ModelSummary s) {
        if (s.loadMillis() != null) {
            return Numbers.plain(s.loadMillis(), 4) + " ms (cold load)";
        }
        return s.loadState().replace('_', ' ');
    }

    private static String gb(Long bytes) {
        return bytes == null ? "-" : Numbers.plain(bytes / 1e9, 3) + " GB";
    }
}
