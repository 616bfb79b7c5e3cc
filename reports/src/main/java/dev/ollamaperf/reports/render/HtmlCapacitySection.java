package dev.ollamaperf.reports.render;

import static dev.ollamaperf.reports.render.Html.esc;
import static dev.ollamaperf.reports.render.Html.xy;

import dev.ollamaperf.reports.capacity.Bytes;
import dev.ollamaperf.reports.capacity.CapacityAnalysis;
import dev.ollamaperf.reports.capacity.CapacityAnalyzer;
import dev.ollamaperf.reports.capacity.CapacityOptions;
import dev.ollamaperf.reports.capacity.CapacityStep;
import dev.ollamaperf.reports.capacity.CapacityText;
import dev.ollamaperf.reports.capacity.MemoryPlan;
import dev.ollamaperf.reports.capacity.Objective;
import dev.ollamaperf.reports.capacity.QueueingModel;
import dev.ollamaperf.reports.capacity.RunSteps;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * The capacity section: throughput by level with its 95% interval (the model's dashed, the knee marked)
 * and latency by level (e2e p95, e2e mean and TTFT p95, the model's mean e2e dashed, the objectives as
 * lines), the
 * capacity table with the model's prediction beside each step, the recommendations and the memory
 * plan. In index.html it is analysed from the run alone (no objectives, no memory size: those are
 * {@code capacity} command options, whose page, capacity.html, shows them).
 */
final class HtmlCapacitySection {

    private static final int W = 640;
    private static final int H = 290;
    private static final int LEFT = 64;
    private static final int TOP = 16;
    private static final int PLOT_W = W - LEFT - 16;
    private static final int PLOT_H = H - TOP - 64;

    private HtmlCapacitySection() {}

    /** The section for index.html, or an empty string when the run has no capacity steps. */
    static String forRun(RunResult run) {
        List<CapacityStep> steps = RunSteps.from(run);
        if (steps.isEmpty()) {
            return "";
        }
        CapacityAnalysis analysis;
        try {
            analysis = new CapacityAnalyzer().analyse(run.runId(), steps, null, Map.of(), CapacityOptions.defaults());
        } catch (IllegalArgumentException e) {
            // The gate's report must not fail over a sweep that cannot be analysed (e.g. every request failed).
            return "<section id=\"capacity\"><h2>Capacity</h2><p class=\"empty\">" + steps.size()
                    + " capacity steps, not analysable: " + esc(e.getMessage()) + "</p></section>\n";
        }
        return render(
                analysis,
                "index.html analyses the steps without objectives; run the capacity command for"
                        + " objectives, a target load and a memory size (capacity.html, capacity.json).");
    }

    /** The section for an analysis. */
    static String render(CapacityAnalysis a, String note) {
        StringBuilder b = new StringBuilder("<section id=\"capacity\"><h2>Capacity</h2>\n<p class=\"note\">")
                .append(a.open() ? "Arrival-rate sweep (open model)" : "Concurrency sweep (closed model)")
                .append(", ")
                .append(a.steps().size())
                .append(" steps")
                .append(a.stoppedEarly() ? "; stopped early: " + esc(a.stopReason()) : "")
                .append(". ")
                .append(esc(note))
                .append("</p>\n");
        b.append(curve(a));
        b.append(table(a));
        List<List<String>> rows = new ArrayList<>();
        a.recommendations()
                .forEach(r -> rows.add(List.of(
                        "<code>" + esc(r.name()) + "</code>", "<b>" + esc(r.value()) + "</b>", esc(r.basis()))));
        b.append("<h3>Recommendations</h3>\n")
                .append(Html.table("recommendations", List.of("Setting", "Value", "Basis"), rows, null));
        b.append(memory(a.memory()));
        return b.append("</section>\n").toString();
    }

    /**
     * The two charts side by side, both against the level (users or arrival rate, evenly spaced, so steps
     * never pile up where throughput is flat) and both with y from 0: throughput with its 95% interval and
     * the model's, the knee marked; latency with the model's mean e2e and the objectives. The legends sit
     * under the plots, and the pair shares a grid row, so the charts scale like the report's others.
     */
    private static String curve(CapacityAnalysis a) {
        return "<div class=\"grid\">\n" + throughputChart(a) + latencyChart(a) + "</div>\n";
    }

    private static DoubleUnaryOperator levelX(CapacityAnalysis a) {
        int n = a.steps().size();
        return i -> LEFT + (i + 0.5) / n * PLOT_W;
    }

    private static String throughputChart(CapacityAnalysis a) {
        List<CapacityStep> steps = a.steps();
        double high = 0;
        for (int i = 0; i < steps.size(); i++) {
            CapacityStep s = steps.get(i);
            double h = s.throughputHalfWidth();
            high = Math.max(high, s.throughput() + (Double.isNaN(h) ? 0 : h));
            high = Math.max(high, a.modelChecks().get(i).predictedThroughput());
        }
        double top = SvgCharts.niceMax(high * 1.1);
        DoubleUnaryOperator x = levelX(a);
        DoubleUnaryOperator y = v -> TOP + PLOT_H - Math.max(0, Math.min(v, top)) / top * PLOT_H;
        StringBuilder b = open("throughput by level", "capacity throughput");
        axes(b, a, top, "req/s");
        StringBuilder d = new StringBuilder();
        StringBuilder model = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            CapacityStep s = steps.get(i);
            String px = xy(x.applyAsDouble(i));
            String py = xy(y.applyAsDouble(s.throughput()));
            d.append(d.length() == 0 ? "M" : " L").append(px).append(' ').append(py);
            double predicted = a.modelChecks().get(i).predictedThroughput();
            model.append(model.length() == 0 ? "M" : " L")
                    .append(px)
                    .append(' ')
                    .append(xy(y.applyAsDouble(predicted)));
            double h = s.throughputHalfWidth();
            if (!Double.isNaN(h)) {
                String lo = xy(y.applyAsDouble(s.throughput() - h));
                String hi = xy(y.applyAsDouble(s.throughput() + h));
                dots.append("<path class=\"err\" d=\"M")
                        .append(px)
                        .append(' ')
                        .append(lo)
                        .append(" V")
                        .append(hi)
                        .append(" M")
                        .append(xy(x.applyAsDouble(i) - 5))
                        .append(' ')
                        .append(lo)
                        .append(" h10 M")
                        .append(xy(x.applyAsDouble(i) - 5))
                        .append(' ')
                        .append(hi)
                        .append(" h10\"/>");
            }
            dots.append("<circle cx=\"")
                    .append(px)
                    .append("\" cy=\"")
                    .append(py)
                    .append("\" r=\"3.5\" fill=\"")
                    .append(SvgCharts.color(0))
                    .append("\"><title>")
                    .append(esc(f("%.2f req/s", s.throughput())))
                    .append(Double.isNaN(h) ? "" : esc(f(" ± %.2f", h)))
                    .append(" at ")
                    .append(Numbers.plain(s.level(), 4))
                    .append("</title></circle>");
        }
        b.append("<path class=\"series\" d=\"")
                .append(d)
                .append("\" fill=\"none\" stroke=\"")
                .append(SvgCharts.color(0))
                .append("\" stroke-width=\"2\"/>")
                .append(dots)
                .append('\n');
        b.append("<path class=\"model\" d=\"")
                .append(model)
                .append("\" fill=\"none\" stroke=\"")
                .append(SvgCharts.color(2))
                .append("\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>\n");
        double kx = x.applyAsDouble(a.knee().index());
        b.append("<line class=\"knee\" x1=\"")
                .append(xy(kx))
                .append("\" y1=\"")
                .append(TOP)
                .append("\" x2=\"")
                .append(xy(kx))
                .append("\" y2=\"")
                .append(TOP + PLOT_H)
                .append("\" stroke=\"#555\" stroke-dasharray=\"3 3\"/><text class=\"legend\"" + " x=\"")
                .append(xy(kx + 4))
                .append("\" y=\"")
                .append(TOP + 12)
                .append("\">")
                .append(esc(a.knee().conclusive() ? "knee" + (a.knee().reached() ? "" : "?") : "knee inconclusive"))
                .append("</text>\n");
        legend(b, new String[] {"measured, 95% interval", "queueing model"}, new int[] {0, 2}, new boolean[] {
            false, true
        });
        return close(
                b,
                "Throughput (req/s, from 0) by " + (a.open() ? "arrival rate" : "users")
                        + "; whiskers: the 95% interval from the per-second answers; dashed: the queueing model");
    }

    private static String latencyChart(CapacityAnalysis a) {
        List<CapacityStep> steps = a.steps();
        double yMax = steps.stream()
                .mapToDouble(
                        s -> Math.max(s.latency("e2e").p95(), s.latency("ttft").p95()))
                .max()
                .orElse(1);
        for (Objective o : plotted(a)) {
            yMax = Math.max(yMax, o.maxMillis());
        }
        double top = SvgCharts.niceMax(yMax * 1.1);
        DoubleUnaryOperator x = levelX(a);
        DoubleUnaryOperator y = v -> TOP + PLOT_H - Math.max(0, Math.min(v, top)) / top * PLOT_H;
        StringBuilder b = open("latency by level", "capacity latency");
        axes(b, a, top, "ms");
        series(b, a, x, y, s -> s.latency("e2e").p95(), 0, "e2e p95");
        series(b, a, x, y, s -> s.latency("e2e").mean(), 2, "e2e mean");
        series(b, a, x, y, s -> s.latency("ttft").p95(), 1, "ttft p95");
        StringBuilder model = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            QueueingModel.Check c = a.modelChecks().get(i);
            if (Double.isFinite(c.predictedResponse())) {
                model.append(model.length() == 0 ? "M" : " L")
                        .append(xy(x.applyAsDouble(i)))
                        .append(' ')
                        .append(xy(y.applyAsDouble(1000 * c.predictedResponse())));
            }
        }
        b.append("<path class=\"model\" d=\"")
                .append(model)
                .append("\" fill=\"none\" stroke=\"")
                .append(SvgCharts.color(2))
                .append("\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>\n");
        for (Objective o : plotted(a)) {
            double oy = y.applyAsDouble(o.maxMillis());
            b.append("<line class=\"objective\" x1=\"")
                    .append(LEFT)
                    .append("\" y1=\"")
                    .append(xy(oy))
                    .append("\" x2=\"")
                    .append(LEFT + PLOT_W)
                    .append("\" y2=\"")
                    .append(xy(oy))
                    .append("\" stroke=\"#D55E00\" stroke-dasharray=\"8 3\"/>")
                    .append("<text class=\"legend\" x=\"")
                    .append(LEFT + PLOT_W - 4)
                    .append("\" y=\"")
                    .append(xy(oy - 4))
                    .append("\" text-anchor=\"end\">objective ")
                    .append(esc(o.toString()))
                    .append("</text>\n");
        }
        legend(
                b,
                new String[] {"e2e p95", "ttft p95", "e2e mean", "model e2e mean"},
                new int[] {0, 1, 2, 2},
                new boolean[] {false, false, false, true});
        return close(
                b,
                "Latency (ms, from 0) by " + (a.open() ? "arrival rate" : "users")
                        + "; dashed: the queueing model's mean e2e");
    }

    private static StringBuilder open(String label, String kind) {
        return new StringBuilder("<figure class=\"chart\"><svg class=\"chart " + kind + "\" viewBox=\"0 0 " + W + " "
                + H + "\" role=\"img\" aria-label=\"" + label + "\">\n");
    }

    private static String close(StringBuilder b, String caption) {
        return b.append("</svg><figcaption>")
                .append(esc(caption))
                .append("</figcaption></figure>\n")
                .toString();
    }

    private static List<Objective> plotted(CapacityAnalysis a) {
        return a.options().objectives().stream()
                .filter(o -> o.latency().equals("e2e") || o.latency().equals("ttft"))
                .toList();
    }

    private static void series(
            StringBuilder b,
            CapacityAnalysis a,
            DoubleUnaryOperator x,
            DoubleUnaryOperator y,
            ToDoubleFunction<CapacityStep> value,
            int color,
            String label) {
        StringBuilder d = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < a.steps().size(); i++) {
            CapacityStep s = a.steps().get(i);
            String px = xy(x.applyAsDouble(i));
            String py = xy(y.applyAsDouble(value.applyAsDouble(s)));
            d.append(d.length() == 0 ? "M" : " L").append(px).append(' ').append(py);
            dots.append("<circle cx=\"")
                    .append(px)
                    .append("\" cy=\"")
                    .append(py)
                    .append("\" r=\"3\" fill=\"")
                    .append(SvgCharts.color(color))
                    .append("\"><title>")
                    .append(esc(label))
                    .append(' ')
                    .append(Numbers.plain(value.applyAsDouble(s), 4))
                    .append(" ms at ")
                    .append(Numbers.plain(s.level(), 4))
                    .append("</title></circle>");
        }
        b.append("<path class=\"series\" d=\"")
                .append(d)
                .append("\" fill=\"none\" stroke=\"")
                .append(SvgCharts.color(color))
                .append("\" stroke-width=\"2\"/>")
                .append(dots)
                .append('\n');
    }

    /** Grid and y ticks at quarters of {@code top} (the lowest is 0), and one x tick per step's level. */
    private static void axes(StringBuilder b, CapacityAnalysis a, double top, String unit) {
        for (int i = 0; i <= 4; i++) {
            double gy = TOP + PLOT_H - i * PLOT_H / 4.0;
            b.append("<line class=\"grid\" x1=\"")
                    .append(LEFT)
                    .append("\" y1=\"")
                    .append(xy(gy))
                    .append("\" x2=\"")
                    .append(LEFT + PLOT_W)
                    .append("\" y2=\"")
                    .append(xy(gy))
                    .append("\"/><text class=\"tick y\" x=\"")
                    .append(LEFT - 6)
                    .append("\" y=\"")
                    .append(xy(gy + 4))
                    .append("\" text-anchor=\"end\">")
                    .append(Numbers.plain(top * i / 4, 3))
                    .append("</text>\n");
        }
        DoubleUnaryOperator x = levelX(a);
        for (int i = 0; i < a.steps().size(); i++) {
            b.append("<text class=\"tick x\" x=\"")
                    .append(xy(x.applyAsDouble(i)))
                    .append("\" y=\"")
                    .append(TOP + PLOT_H + 16)
                    .append("\" text-anchor=\"middle\">")
                    .append(Numbers.plain(a.steps().get(i).level(), 4))
                    .append("</text>");
        }
        b.append("<text class=\"axis\" transform=\"rotate(-90)\" x=\"")
                .append(-(TOP + PLOT_H / 2))
                .append("\" y=\"14\"")
                .append(" text-anchor=\"middle\">")
                .append(unit)
                .append("</text><text class=\"axis\" x=\"")
                .append(LEFT + PLOT_W / 2)
                .append("\" y=\"")
                .append(TOP + PLOT_H + 32)
                .append("\" text-anchor=\"middle\">")
                .append(a.open() ? "arrival rate, req/s" : "users")
                .append("</text>\n");
    }

    /** The legend in one row under the plot, so it never covers a point. */
    private static void legend(StringBuilder b, String[] labels, int[] colors, boolean[] dashed) {
        int lx = LEFT;
        int ly = H - 8;
        for (int i = 0; i < labels.length; i++) {
            b.append("<line x1=\"")
                    .append(lx)
                    .append("\" y1=\"")
                    .append(ly - 4)
                    .append("\" x2=\"")
                    .append(lx + 16)
                    .append("\" y2=\"")
                    .append(ly - 4)
                    .append("\" stroke=\"")
                    .append(SvgCharts.color(colors[i]))
                    .append("\" stroke-width=\"2\"")
                    .append(dashed[i] ? " stroke-dasharray=\"4 3\"" : "")
                    .append("/><text class=\"legend\" x=\"")
                    .append(lx + 20)
                    .append("\" y=\"")
                    .append(ly)
                    .append("\">")
                    .append(esc(labels[i]))
                    .append("</text>\n");
            lx += 28 + 7 * labels[i].length();
        }
    }

    private static String table(CapacityAnalysis a) {
        List<List<String>> rows = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < a.steps().size(); i++) {
            CapacityStep s = a.steps().get(i);
            QueueingModel.Check c = a.modelChecks().get(i);
            String mark = (i == a.knee().index() ? " " + CapacityText.kneeMark(a.knee()) : "")
                    + (i == a.goodputIndex() ? " goodput" : "");
            double half = s.throughputHalfWidth();
            rows.add(List.of(
                    Numbers.plain(s.level(), 4) + mark,
                    f("%.2f", s.throughput()) + (Double.isNaN(half) ? "" : f(" ± %.2f", half)),
                    f("%.1f", s.outputTokensPerSecond()),
                    f("%.1f", s.perRequestTps()),
                    f("%.0f / %.0f", s.latency("ttft").p50(), s.latency("ttft").p95()),
                    f("%.0f / %.0f", s.latency("e2e").p50(), s.latency("e2e").p95()),
                    f("%.0f", s.latency("slot_wait").p50()),
                    f("%.1f%%", 100 * s.errorRatio()),
                    s.residentBytes() > 0 ? Bytes.text(s.residentBytes()) : "",
                    f("%.2f", c.predictedThroughput()) + (c.fitted() ? " (fit)" : ""),
                    Double.isFinite(c.predictedResponse()) ? f("%.0f", 1000 * c.predictedResponse()) : "unbounded",
                    f("%.0f", s.latency("e2e").mean()),
                    Double.isFinite(c.responseError()) ? f("%.1f%%", 100 * c.responseError()) : "",
                    esc(String.join(", ", a.checks().get(i)))));
            classes.add(a.checks().get(i).isEmpty() ? "" : "fail");
        }
        double[] error = a.heldOutError();
        return Html.table(
                        "capacity",
                        List.of(
                                a.open() ? "req/s offered" : "users",
                                "req/s ± 95%",
                                "tokens/s",
                                "tokens/s per request",
                                "TTFT p50 / p95 ms",
                                "e2e p50 / p95 ms",
                                "slot wait p50 ms",
                                "errors",
                                "resident",
                                "model req/s",
                                "model e2e mean ms",
                                "measured e2e mean ms",
                                "model error",
                                "missed"),
                        rows,
                        classes)
                + "<p class=\"note\">"
                + esc(String.format(
                        Locale.ROOT,
                        "Queueing model: S1 = %.0f ms, serial fraction %.2f, %d"
                                + " slots (%s), fitted on %d steps; mean error on the other steps: throughput %s, e2e %s. Knee: %s."
                                + " Slots: %s.",
                        1000 * a.model().s1Seconds(),
                        a.model().serialFraction(),
                        a.slots(),
                        a.slotsSource(),
                        a.model().fittedOn(),
                        pct(error[0]),
                        pct(error[1]),
                        a.knee().basis(),
                        a.slotEvidence().basis()))
                + "</p>\n";
    }

    private static String memory(MemoryPlan plan) {
        List<List<String>> rows = new ArrayList<>();
        for (MemoryPlan.ModelMemory m : plan.models()) {
            rows.add(List.of(
                    "<code>" + esc(m.name()) + "</code>",
                    Bytes.text(m.weightsBytes()),
                    m.kvBytesPerToken() + " B",
                    Long.toString(m.contextLength()),
                    Bytes.text(m.kvBytes()),
                    Bytes.text(m.totalBytes()),
                    m.observedBytes() > 0 ? Bytes.text(m.observedBytes()) : "",
                    m.predictedAtTest() > 0 ? Bytes.text(m.predictedAtTest()) : ""));
        }
        String fit = plan.availableBytes() <= 0
                ? ""
                : plan.fits()
                        ? "; fits in " + Bytes.text(plan.availableBytes())
                        : "; does not fit in " + Bytes.text(plan.availableBytes());
        return "<h3>Memory plan</h3>\n<p class=\"note\">"
                + esc("OLLAMA_NUM_PARALLEL=" + plan.parallel() + ", OLLAMA_KV_CACHE_TYPE="
                        + plan.cacheType().setting() + ": total " + Bytes.text(plan.totalBytes()) + fit)
                + "</p>\n"
                + Html.table(
                        "memory-plan",
                        List.of(
                                "Model",
                                "Weights",
                                "KV per token",
                                "Context",
                                "KV cache",
                                "Total",
                                "Seen in /api/ps",
                                "Plan at the test's slots"),
                        rows,
                        null);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String pct(double ratio) {
        return Double.isFinite(ratio) ? f("%.1f%%", 100 * ratio) : "n/a";
    }
}
