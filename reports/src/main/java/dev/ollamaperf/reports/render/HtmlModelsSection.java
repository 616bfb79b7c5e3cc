package dev.ollamaperf.reports.render;

import static dev.ollamaperf.reports.render.Html.esc;

import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.modelcomparison.Estimate;
import dev.ollamaperf.reports.modelcomparison.MetricRanking;
import dev.ollamaperf.reports.modelcomparison.ModelComparer;
import dev.ollamaperf.reports.modelcomparison.ModelComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "Models compared" section of {@code index.html}, present only when the run's {@code compare}
 * scenario measured two models or more: per metric a dot plot of the medians with their 95% interval
 * whiskers and the rank at the right ("tied": indistinguishable from another model); the rankings with the
 * models that cannot be told apart marked;
 * the verdict on every pair; load time and memory per model.
 */
final class HtmlModelsSection {

    private HtmlModelsSection() {}

    /** Returns the section, or an empty string when the run compared fewer than two models. */
    static String render(RunResult run) {
        return new ModelComparer()
                .compare(run, ModelComparer.DEFAULT_SCENARIO)
                .map(HtmlModelsSection::section)
                .orElse("");
    }

    private static String section(ModelComparison c) {
        StringBuilder b = new StringBuilder(
                        "<section id=\"models\"><h2>Models compared</h2>\n<p class=\"note\">Scenario <code>")
                .append(esc(c.scenario()))
                .append("</code>: the same prompts to each model, interleaved, warm-up excluded. ")
                .append(esc(String.format(
                        Locale.ROOT, "Dots are medians, whiskers %.0f%% intervals", 100 * c.confidence())))
                .append(" (")
                .append(esc(ModelComparison.METHOD))
                .append(").</p>\n");
        if (!c.warnings().isEmpty()) {
            b.append("<details open><summary>Warnings (")
                    .append(c.warnings().size())
                    .append(")</summary><ul>");
            c.warnings().forEach(w -> b.append("<li>").append(esc(w)).append("</li>"));
            b.append("</ul></details>\n");
        }
        b.append("<div class=\"grid\">\n");
        for (MetricRanking r : c.rankings()) {
            // models keep their row (and colour) in every chart, so the charts read side by side; the rank is at the
            // right
            List<SvgCharts.Row> rows = new ArrayList<>();
            for (ModelComparison.ModelSummary s : c.models()) {
                MetricRanking.Place p = r.place(s.model());
                Estimate e = p.estimate();
                String note = "rank " + p.rank() + (p.indistinguishableFrom().isEmpty() ? "" : ", tied");
                rows.add(new SvgCharts.Row(p.model(), e.median(), e.low(), e.high(), null, note));
            }
            b.append(SvgCharts.bars(
                    r.metric().label() + " (median, " + better(r) + " is better)",
                    r.metric().unit().symbol(),
                    rows,
                    true));
        }
        b.append(loadChart(c)).append("</div>\n");
        b.append(rankings(c)).append(pairs(c)).append(loadTable(c));
        return b.append("</section>\n").toString();
    }

    private static String rankings(ModelComparison c) {
        List<List<String>> rows = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (MetricRanking r : c.rankings()) {
            for (MetricRanking.Place p : r.places()) {
                Estimate e = p.estimate();
                boolean tied = !p.indistinguishableFrom().isEmpty();
                rows.add(List.of(
                        esc(r.metric().label()),
                        Integer.toString(p.rank()),
                        "<code>" + esc(p.model()) + "</code>",
                        Numbers.plain(e.median(), 4) + " "
                                + esc(r.metric().unit().symbol()),
                        "[" + Numbers.plain(e.low(), 4) + ", " + Numbers.plain(e.high(), 4) + "]"
                                + (e.reaches(c.confidence())
                                        ? ""
                                        : String.format(Locale.ROOT, " (covers %.0f%%)", 100 * e.coverage())),
                        e.effectiveSamples() == e.samples()
                                ? Long.toString(e.samples())
                                : e.effectiveSamples() + " of " + e.samples(),
                        tied
                                ? "<span class=\"pill inconclusive\">indistinguishable</span> from "
                                        + esc(String.join(", ", p.indistinguishableFrom()))
                                : "<span class=\"pill pass\">distinct</span>"));
                classes.add(tied ? "inconclusive" : "");
            }
        }
        return "<h3>Ranking per metric</h3>\n"
                + Html.table(
                        "sortable models-ranking",
                        List.of("Metric", "Rank", "Model", "Median", "Interval", "Samples", "Told apart?"),
                        rows,
                        classes);
    }

    private static String pairs(ModelComparison c) {
        List<List<String>> rows = new ArrayList<>();
        for (MetricRanking r : c.rankings()) {
            for (MetricRanking.Pair p : r.pairs()) {
                rows.add(List.of(
                        esc(r.metric().label()),
                        "<code>" + esc(p.a()) + "</code>",
                        "<code>" + esc(p.b()) + "</code>",
                        esc(p.verdict().name().toLowerCase(Locale.ROOT)),
                        Numbers.plain(p.ratio(), 3) + "×"));
            }
        }
        return "<h3>Pairs</h3>\n<p class=\"note\">A against B; the ratio is A's median over B's.</p>\n"
                + Html.table("sortable models-pairs", List.of("Metric", "A", "B", "A is", "Ratio"), rows, null);
    }

    private static String loadChart(ModelComparison c) {
        List<SvgCharts.Row> rows = new ArrayList<>();
        for (ModelComparison.ModelSummary s : c.models()) {
            if (s.memoryBytes() != null) {
                rows.add(new SvgCharts.Row(
                        s.model(),
                        s.memoryBytes() / 1e9,
                        null,
                        null,
                        null,
                        s.loadMillis() == null
                                ? s.loadState().replace('_', ' ')
                                : "load " + Numbers.plain(s.loadMillis() / 1000, 3) + " s"));
            }
        }
        return rows.isEmpty()
                ? "<p class=\"empty\">No memory figures (no server.json).</p>\n"
                : SvgCharts.bars("resident memory (/api/ps size) and load time", "GB", rows, false);
    }

    private static String loadTable(ModelComparison c) {
        List<List<String>> rows = new ArrayList<>();
        for (ModelComparison.ModelSummary s : c.models()) {
            rows.add(List.of(
                    "<code>" + esc(s.model()) + "</code>",
                    s.loadMillis() == null
                            ? esc(s.loadState().replace('_', ' '))
                            : Numbers.plain(s.loadMillis(), 4) + " ms",
                    s.memoryBytes() == null ? "-" : Numbers.plain(s.memoryBytes() / 1e9, 4) + " GB",
                    s.vramBytes() == null ? "-" : Numbers.plain(s.vramBytes() / 1e9, 4) + " GB",
                    s.failed() + " of " + s.requests()));
        }
        return "<h3>Load and memory</h3>\n<p class=\"note\">Load time: the warm-up's <code>load_duration</code> when the run "
                + "loaded the model itself (one observation, so no interval); a model resident before the run shows "
                + "\"already loaded\". Memory: the largest <code>/api/ps</code> size seen during the run.</p>\n"
                + Html.table(
                        "sortable models-load",
                        List.of("Model", "Load time", "Memory", "In VRAM", "Failed"),
                        rows,
                        null);
    }

    private static String better(MetricRanking r) {
        return r.metric().direction().name().startsWith("LOWER") ? "lower" : "higher";
    }
}
