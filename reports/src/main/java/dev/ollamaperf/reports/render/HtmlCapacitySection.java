package dev.ollamaperf.reports.render;

import static dev.ollamaperf.reports.render.Html.esc;
import static dev.ollamaperf.reports.render.Html.xy;

import dev.ollamaperf.reports.capacity.Bytes;
import dev.ollamaperf.reports.capacity.CapacityAnalysis;
import dev.ollamaperf.reports.capacity.CapacityAnalyzer;
import dev.ollamaperf.reports.capacity.CapacityOptions;
import dev.ollamaperf.reports.capacity.CapacityStep;
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
 * The capacity section: a throughput-latency curve (measured e2e p95, e2e mean and TTFT p95 against
 * throughput, the queueing model's mean e2e dashed, the knee and the objectives as lines), the
 * capacity table with the model's prediction beside each step, the recommendations and the memory
 * plan. In index.html it is analysed from the run alone (no objectives, no memory size: those are
 * {@code capacity} command options, whose page, capacity.html, shows them).
 */
final class HtmlCapacitySection {

  private static final int W = 640;
  private static final int H = 300;
  private static final int LEFT = 64;
  private static final int TOP = 16;
  private static final int PLOT_W = W - LEFT - 16;
  private static final int PLOT_H = H - TOP - 40;

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
    return render(analysis, "index.html analyses the steps without objectives; run the capacity command for"
        + " objectives, a target load and a memory size (capacity.html, capacity.json).");
  }

  /** The section for an analysis. */
  static String render(CapacityAnalysis a, String note) {
    StringBuilder b = new StringBuilder("<section id=\"capacity\"><h2>Capacity</h2>\n<p class=\"note\">")
        .append(a.open() ? "Arrival-rate sweep (open model)" : "Concurrency sweep (closed model)").append(", ")
        .append(a.steps().size()).append(" steps")
        .append(a.stoppedEarly() ? "; stopped early: " + esc(a.stopReason()) : "").append(". ")
        .append(esc(note)).append("</p>\n");
    b.append(curve(a));
    b.append(table(a));
    List<List<String>> rows = new ArrayList<>();
    a.recommendations().forEach(r -> rows.add(List.of("<code>" + esc(r.name()) + "</code>", "<b>" + esc(r.value())
        + "</b>", esc(r.basis()))));
    b.append("<h3>Recommendations</h3>\n").append(Html.table("recommendations", List.of("Setting", "Value", "Basis"),
        rows, null));
    b.append(memory(a.memory()));
    return b.append("</section>\n").toString();
  }

  private static String curve(CapacityAnalysis a) {
    List<CapacityStep> steps = a.steps();
    double xMax = SvgCharts.niceMax(steps.stream().mapToDouble(CapacityStep::throughput).max().orElse(1) * 1.1);
    double yMax = steps.stream().mapToDouble(s -> Math.max(s.latency("e2e").p95(), s.latency("ttft").p95())).max()
        .orElse(1);
    for (Objective o : plotted(a)) {
      yMax = Math.max(yMax, o.maxMillis());
    }
    double top = SvgCharts.niceMax(yMax * 1.1);
    DoubleUnaryOperator x = v -> LEFT + v / xMax * PLOT_W;
    DoubleUnaryOperator y = v -> TOP + PLOT_H - Math.min(v, top) / top * PLOT_H;
    StringBuilder b = new StringBuilder("<figure class=\"chart\"><svg class=\"chart capacity\" viewBox=\"0 0 " + W + " "
        + H + "\" role=\"img\" aria-label=\"throughput-latency curve\">\n");
    axes(b, xMax, top);
    series(b, a, x, y, s -> s.latency("e2e").p95(), 0, "e2e p95", false);
    series(b, a, x, y, s -> s.latency("e2e").mean(), 2, "e2e mean", false);
    series(b, a, x, y, s -> s.latency("ttft").p95(), 1, "ttft p95", false);
    List<QueueingModel.Check> checks = a.modelChecks();
    StringBuilder model = new StringBuilder();
    for (QueueingModel.Check c : checks) {
      if (Double.isFinite(c.predictedResponse())) {
        model.append(model.length() == 0 ? "M" : "L").append(xy(x.applyAsDouble(c.predictedThroughput()))).append(',')
            .append(xy(y.applyAsDouble(1000 * c.predictedResponse())));
      }
    }
    b.append("<path class=\"model\" d=\"").append(model).append("\" fill=\"none\" stroke=\"").append(SvgCharts.color(2))
        .append("\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>\n");
    double kx = x.applyAsDouble(steps.get(a.knee().index()).throughput());
    b.append("<line class=\"knee\" x1=\"").append(xy(kx)).append("\" y1=\"").append(TOP).append("\" x2=\"").append(xy(kx))
        .append("\" y2=\"").append(TOP + PLOT_H).append("\" stroke=\"#555\" stroke-dasharray=\"3 3\"/><text class=\"legend\""
            + " x=\"").append(xy(kx + 4)).append("\" y=\"").append(TOP + 12).append("\">knee</text>\n");
    for (Objective o : plotted(a)) {
      double oy = y.applyAsDouble(o.maxMillis());
      b.append("<line class=\"objective\" x1=\"").append(LEFT).append("\" y1=\"").append(xy(oy)).append("\" x2=\"")
          .append(LEFT + PLOT_W).append("\" y2=\"").append(xy(oy)).append("\" stroke=\"#D55E00\" stroke-dasharray=\"8 3\"/>")
          .append("<text class=\"legend\" x=\"").append(LEFT + PLOT_W - 4).append("\" y=\"").append(xy(oy - 4))
          .append("\" text-anchor=\"end\">objective ").append(esc(o.toString())).append("</text>\n");
    }
    legend(b);
    return b.append("</svg><figcaption>Throughput (req/s) against latency (ms); each point is a step, labelled with its ")
        .append(a.open() ? "arrival rate" : "users").append("; dashed: the queueing model's mean e2e</figcaption></figure>\n")
        .toString();
  }

  private static List<Objective> plotted(CapacityAnalysis a) {
    return a.options().objectives().stream().filter(o -> o.latency().equals("e2e") || o.latency().equals("ttft"))
        .toList();
  }

  private static void series(StringBuilder b, CapacityAnalysis a, DoubleUnaryOperator x, DoubleUnaryOperator y,
      ToDoubleFunction<CapacityStep> value, int color, String label, boolean dashed) {
    StringBuilder d = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (CapacityStep s : a.steps()) {
      String px = xy(x.applyAsDouble(s.throughput()));
      String py = xy(y.applyAsDouble(value.applyAsDouble(s)));
      d.append(d.length() == 0 ? "M" : "L").append(px).append(',').append(py);
      dots.append("<circle cx=\"").append(px).append("\" cy=\"").append(py).append("\" r=\"3\" fill=\"")
          .append(SvgCharts.color(color)).append("\"><title>").append(esc(label)).append(' ')
          .append(Numbers.plain(value.applyAsDouble(s), 4)).append(" ms at ").append(Numbers.plain(s.level(), 4))
          .append("</title></circle>");
      if (color == 0) {
        dots.append("<text class=\"tick\" x=\"").append(px).append("\" y=\"").append(xy(y.applyAsDouble(
            value.applyAsDouble(s)) - 6)).append("\" text-anchor=\"middle\">").append(Numbers.plain(s.level(), 4))
            .append("</text>");
      }
    }
    b.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(SvgCharts.color(color))
        .append("\" stroke-width=\"2\"").append(dashed ? " stroke-dasharray=\"6 4\"" : "").append("/>")
        .append(dots).append('\n');
  }

  private static void axes(StringBuilder b, double xMax, double yMax) {
    for (int i = 0; i <= 4; i++) {
      double gy = TOP + PLOT_H - i * PLOT_H / 4.0;
      double gx = LEFT + i * PLOT_W / 4.0;
      b.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(xy(gy)).append("\" x2=\"")
          .append(LEFT + PLOT_W).append("\" y2=\"").append(xy(gy)).append("\"/><text class=\"tick\" x=\"").append(LEFT - 6)
          .append("\" y=\"").append(xy(gy + 4)).append("\" text-anchor=\"end\">").append(Numbers.plain(yMax * i / 4, 3))
          .append("</text><text class=\"tick\" x=\"").append(xy(gx)).append("\" y=\"").append(TOP + PLOT_H + 16)
          .append("\" text-anchor=\"middle\">").append(Numbers.plain(xMax * i / 4, 3)).append("</text>\n");
    }
    b.append("<text class=\"axis\" transform=\"rotate(-90)\" x=\"").append(-(TOP + PLOT_H / 2)).append("\" y=\"14\"")
        .append(" text-anchor=\"middle\">ms</text><text class=\"axis\" x=\"").append(LEFT + PLOT_W / 2).append("\" y=\"")
        .append(H - 4).append("\" text-anchor=\"middle\">throughput, req/s</text>\n");
  }

  private static void legend(StringBuilder b) {
    String[] labels = {"e2e p95", "ttft p95", "e2e mean (measured; dashed: model)"};
    int[] colors = {0, 1, 2};
    for (int i = 0; i < labels.length; i++) {
      int ly = TOP + 8 + i * 16;
      b.append("<rect x=\"").append(LEFT + 10).append("\" y=\"").append(ly - 8).append("\" width=\"12\" height=\"4\" fill=\"")
          .append(SvgCharts.color(colors[i])).append("\"/><text class=\"legend\" x=\"").append(LEFT + 28).append("\" y=\"")
          .append(ly - 2).append("\">").append(labels[i]).append("</text>\n");
    }
  }

  private static String table(CapacityAnalysis a) {
    List<List<String>> rows = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    for (int i = 0; i < a.steps().size(); i++) {
      CapacityStep s = a.steps().get(i);
      QueueingModel.Check c = a.modelChecks().get(i);
      String mark = (i == a.knee().index() ? " knee" : "") + (i == a.goodputIndex() ? " goodput" : "");
      rows.add(List.of(Numbers.plain(s.level(), 4) + mark, f("%.2f", s.throughput()), f("%.1f", s.outputTokensPerSecond()),
          f("%.1f", s.perRequestTps()), f("%.0f / %.0f", s.latency("ttft").p50(), s.latency("ttft").p95()),
          f("%.0f / %.0f", s.latency("e2e").p50(), s.latency("e2e").p95()), f("%.0f", s.latency("slot_wait").p50()),
          f("%.1f%%", 100 * s.errorRatio()), s.residentBytes() > 0 ? Bytes.text(s.residentBytes()) : "",
          f("%.2f", c.predictedThroughput()) + (c.fitted() ? " (fit)" : ""),
          Double.isFinite(c.predictedResponse()) ? f("%.0f", 1000 * c.predictedResponse()) : "unbounded",
          f("%.0f", s.latency("e2e").mean()), Double.isFinite(c.responseError()) ? f("%.1f%%", 100 * c.responseError()) : "",
          esc(String.join(", ", a.checks().get(i)))));
      classes.add(a.checks().get(i).isEmpty() ? "" : "fail");
    }
    double[] error = a.heldOutError();
    return Html.table("capacity", List.of(a.open() ? "req/s offered" : "users", "req/s", "tokens/s", "tokens/s per request",
        "TTFT p50 / p95 ms", "e2e p50 / p95 ms", "slot wait p50 ms", "errors", "resident", "model req/s",
        "model e2e mean ms", "measured e2e mean ms", "model error", "missed"), rows, classes)
        + "<p class=\"note\">" + esc(String.format(Locale.ROOT, "Queueing model: S1 = %.0f ms, serial fraction %.2f, %d"
            + " slots (%s), fitted on %d steps; mean error on the other steps: throughput %s, e2e %s. Knee: %s.",
            1000 * a.model().s1Seconds(), a.model().serialFraction(), a.slots(), a.slotsSource(), a.model().fittedOn(),
            pct(error[0]), pct(error[1]), a.knee().basis())) + "</p>\n";
  }

  private static String memory(MemoryPlan plan) {
    List<List<String>> rows = new ArrayList<>();
    for (MemoryPlan.ModelMemory m : plan.models()) {
      rows.add(List.of("<code>" + esc(m.name()) + "</code>", Bytes.text(m.weightsBytes()), m.kvBytesPerToken() + " B",
          Long.toString(m.contextLength()), Bytes.text(m.kvBytes()), Bytes.text(m.totalBytes()),
          m.observedBytes() > 0 ? Bytes.text(m.observedBytes()) : "", m.predictedAtTest() > 0
              ? Bytes.text(m.predictedAtTest()) : ""));
    }
    String fit = plan.availableBytes() <= 0 ? "" : plan.fits() ? "; fits in " + Bytes.text(plan.availableBytes())
        : "; does not fit in " + Bytes.text(plan.availableBytes());
    return "<h3>Memory plan</h3>\n<p class=\"note\">" + esc("OLLAMA_NUM_PARALLEL=" + plan.parallel()
        + ", OLLAMA_KV_CACHE_TYPE=" + plan.cacheType().setting() + ": total " + Bytes.text(plan.totalBytes()) + fit)
        + "</p>\n" + Html.table("memory-plan", List.of("Model", "Weights", "KV per token", "Context", "KV cache", "Total",
        "Seen in /api/ps", "Plan at the test's slots"), rows, null);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static String pct(double ratio) {
    return Double.isFinite(ratio) ? f("%.1f%%", 100 * ratio) : "n/a";
  }
}
