package dev.ollamaperf.reports.render;

import static dev.ollamaperf.reports.render.Html.esc;
import static dev.ollamaperf.reports.render.Html.xy;

import dev.ollamaperf.reports.metric.Numbers;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * Inline SVG charts drawn in Java for the HTML report: no script, no external resource, so the page works
 * offline and prints. Every chart is a {@code <figure>} holding an {@code <svg class="chart">} with a
 * {@code viewBox} (it scales to the column width) and a caption. Text from input is escaped.
 */
final class SvgCharts {

    /** Series colours: the Okabe-Ito palette, distinguishable with the common colour-vision deficiencies. */
    static final List<String> PALETTE =
            List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000");

    private static final int W = 640;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;

    /** One line of a percentile curve: points {@code (percentile in [0, 100), value)}. */
    record Curve(String label, List<double[]> points) {
        Curve {
            Objects.requireNonNull(label, "label");
            points = List.copyOf(points);
        }
    }

    /** One row of a bar or dot chart: a value, an optional interval and an optional baseline value. */
    record Row(String label, double value, Double low, Double high, Double baseline, String note) {
        Row {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(note, "note");
        }

        double extent() {
            double m = Math.max(value, high == null ? value : high);
            return Math.max(m, baseline == null ? m : baseline);
        }
    }

    private SvgCharts() {}

    /**
     * Latency by percentile, HdrHistogram style: the x axis is {@code log10(1 / (1 - q))}, so 90%, 99% and
     * 99.9% are evenly spaced and the tail gets the room it deserves; y is linear from 0.
     */
    static String percentileCurves(String title, String unit, List<Curve> curves) {
        int h = 260 + 16 * curves.size();
        int plotW = W - LEFT - RIGHT;
        int plotH = 260 - TOP - 40;
        double xMax = 3; // p99.9
        double yMax = niceMax(curves.stream()
                .flatMap(c -> c.points().stream())
                .mapToDouble(p -> p[1])
                .max()
                .orElse(1));
        StringBuilder b = open(title, h);
        yAxis(b, yMax, plotW, plotH, unit);
        String[] labels = {"0%", "50%", "90%", "99%", "99.9%"};
        double[] ticks = {0, Math.log10(2), 1, 2, 3};
        for (int i = 0; i < ticks.length; i++) {
            double x = LEFT + ticks[i] / xMax * plotW;
            b.append("<line class=\"grid\" x1=\"")
                    .append(xy(x))
                    .append("\" y1=\"")
                    .append(TOP)
                    .append("\" x2=\"")
                    .append(xy(x))
                    .append("\" y2=\"")
                    .append(TOP + plotH)
                    .append("\"/>");
            b.append("<text class=\"tick\" x=\"")
                    .append(xy(x))
                    .append("\" y=\"")
                    .append(TOP + plotH + 16)
                    .append("\" text-anchor=\"middle\">")
                    .append(labels[i])
                    .append("</text>");
        }
        b.append("<text class=\"axis\" x=\"")
                .append(LEFT + plotW / 2)
                .append("\" y=\"")
                .append(TOP + plotH + 32)
                .append("\" text-anchor=\"middle\">percentile (log scale of 1/(1-q))</text>\n");
        for (int c = 0; c < curves.size(); c++) {
            StringBuilder d = new StringBuilder();
            for (double[] p : curves.get(c).points()) {
                double x = LEFT + Math.min(xMax, Math.log10(100 / (100 - p[0]))) / xMax * plotW;
                double y = TOP + plotH - p[1] / yMax * plotH;
                d.append(d.length() == 0 ? "M" : " L").append(xy(x)).append(' ').append(xy(y));
            }
            b.append("<path class=\"series\" d=\"")
                    .append(d)
                    .append("\" stroke=\"")
                    .append(color(c))
                    .append("\" fill=\"none\" stroke-width=\"2\"><title>")
                    .append(esc(curves.get(c).label()))
                    .append("</title></path>\n");
        }
        legend(b, curves.stream().map(Curve::label).toList(), LEFT + 8, TOP + plotH + 50);
        return close(b, title);
    }

    /** A distribution as vertical bars over equal-width bins; {@code counts[i]} covers {@code [lo + i*w, lo + (i+1)*w)}. */
    static String distribution(
            String title, String unit, double lo, double binWidth, long[] counts, long total, String color) {
        int h = 200;
        int plotW = W - LEFT - RIGHT;
        int plotH = h - TOP - 40;
        long peak = 1;
        for (long c : counts) {
            peak = Math.max(peak, c);
        }
        double yMax = niceMax(100.0 * peak / Math.max(1, total));
        StringBuilder b = open(title, h);
        yAxis(b, yMax, plotW, plotH, "% of samples");
        double bw = (double) plotW / counts.length;
        for (int i = 0; i < counts.length; i++) {
            double pct = 100.0 * counts[i] / Math.max(1, total);
            double bh = pct / yMax * plotH;
            double x = LEFT + i * bw;
            b.append("<path class=\"bar\" d=\"M")
                    .append(xy(x + 0.5))
                    .append(' ')
                    .append(xy(TOP + plotH))
                    .append(" h")
                    .append(xy(bw - 1))
                    .append(" v")
                    .append(xy(-bh))
                    .append(" h")
                    .append(xy(-(bw - 1)))
                    .append(" Z\" fill=\"")
                    .append(color)
                    .append("\"><title>")
                    .append(Numbers.plain(lo + i * binWidth, 4))
                    .append("–")
                    .append(Numbers.plain(lo + (i + 1) * binWidth, 4))
                    .append(' ')
                    .append(esc(unit))
                    .append(": ")
                    .append(counts[i])
                    .append("</title></path>");
        }
        double range = binWidth * counts.length;
        double step = niceStep(range / 5);
        for (double v = Math.ceil(lo / step) * step; v <= lo + range + step * 1e-9; v += step) {
            double x = LEFT + (v - lo) / range * plotW;
            b.append("<line class=\"grid\" x1=\"")
                    .append(xy(x))
                    .append("\" y1=\"")
                    .append(TOP + plotH)
                    .append("\" x2=\"")
                    .append(xy(x))
                    .append("\" y2=\"")
                    .append(TOP + plotH + 4)
                    .append("\"/><text class=\"tick\" x=\"")
                    .append(xy(x))
                    .append("\" y=\"")
                    .append(TOP + plotH + 16)
                    .append("\" text-anchor=\"middle\">")
                    .append(Numbers.plain(v, 4))
                    .append("</text>");
        }
        b.append("<text class=\"axis\" x=\"")
                .append(LEFT + plotW / 2)
                .append("\" y=\"")
                .append(h - 4)
                .append("\" text-anchor=\"middle\">")
                .append(esc(unit))
                .append("</text>\n");
        return close(b, title);
    }

    /**
     * Horizontal bars (or dots when {@code dots}) with error bars for the interval and a dashed tick for the
     * baseline value; the row's note (e.g. the change against the baseline) is printed at the right.
     */
    static String bars(String title, String unit, List<Row> rows, boolean dots) {
        // the label goes above its bar: benchmark names with parameters are too long for a left column
        int labelW = 12;
        int noteW = 120;
        int rowH = 38;
        int h = TOP + rows.size() * rowH + 36;
        int plotW = W - labelW - noteW - RIGHT;
        double xMax = niceMax(rows.stream().mapToDouble(Row::extent).max().orElse(1));
        StringBuilder b = open(title, h);
        int plotBottom = TOP + rows.size() * rowH;
        for (int i = 0; i <= 4; i++) {
            double x = labelW + i * plotW / 4.0;
            b.append("<line class=\"grid\" x1=\"")
                    .append(xy(x))
                    .append("\" y1=\"")
                    .append(TOP)
                    .append("\" x2=\"")
                    .append(xy(x))
                    .append("\" y2=\"")
                    .append(plotBottom)
                    .append("\"/><text class=\"tick\" x=\"")
                    .append(xy(x))
                    .append("\" y=\"")
                    .append(plotBottom + 16)
                    .append("\" text-anchor=\"middle\">")
                    .append(Numbers.plain(xMax * i / 4, 3))
                    .append("</text>");
        }
        b.append("<text class=\"axis\" x=\"")
                .append(labelW + plotW / 2)
                .append("\" y=\"")
                .append(h - 4)
                .append("\" text-anchor=\"middle\">")
                .append(esc(unit))
                .append("</text>\n");
        for (int r = 0; r < rows.size(); r++) {
            row(b, rows.get(r), r, TOP + r * rowH + 25, v -> labelW + v / xMax * plotW, dots);
        }
        return close(b, title);
    }

    /** One row of {@link #bars}: label above, bar or dot, whiskers, baseline tick, note; {@code x} maps a value to px. */
    private static void row(StringBuilder b, Row row, int index, double cy, DoubleUnaryOperator x, boolean dots) {
        int left = (int) x.applyAsDouble(0);
        double vx = x.applyAsDouble(row.value());
        String label = row.label().length() > 80 ? row.label().substring(0, 79) + "…" : row.label();
        b.append("<text class=\"label\" x=\"")
                .append(left)
                .append("\" y=\"")
                .append(xy(cy - 12))
                .append("\"><title>")
                .append(esc(row.label()))
                .append("</title>")
                .append(esc(label))
                .append("</text>");
        if (dots) {
            b.append("<circle class=\"dot\" cx=\"")
                    .append(xy(vx))
                    .append("\" cy=\"")
                    .append(xy(cy))
                    .append("\" r=\"5\" fill=\"")
                    .append(color(index))
                    .append("\"/>");
        } else {
            b.append("<path class=\"bar\" d=\"M")
                    .append(left)
                    .append(' ')
                    .append(xy(cy - 6))
                    .append(" H")
                    .append(xy(vx))
                    .append(" V")
                    .append(xy(cy + 6))
                    .append(" H")
                    .append(left)
                    .append(" Z\" fill=\"")
                    .append(color(0))
                    .append("\"/>");
        }
        if (row.low() != null && row.high() != null) {
            double lx = x.applyAsDouble(row.low());
            double hx = x.applyAsDouble(row.high());
            b.append("<path class=\"err\" d=\"M")
                    .append(xy(lx))
                    .append(' ')
                    .append(xy(cy))
                    .append(" H")
                    .append(xy(hx))
                    .append(" M")
                    .append(xy(lx))
                    .append(' ')
                    .append(xy(cy - 5))
                    .append(" V")
                    .append(xy(cy + 5))
                    .append(" M")
                    .append(xy(hx))
                    .append(' ')
                    .append(xy(cy - 5))
                    .append(" V")
                    .append(xy(cy + 5))
                    .append("\"/>");
        }
        if (row.baseline() != null) {
            double bx = x.applyAsDouble(row.baseline());
            b.append("<path class=\"base\" d=\"M")
                    .append(xy(bx))
                    .append(' ')
                    .append(xy(cy - 8))
                    .append(" V")
                    .append(xy(cy + 8))
                    .append("\"><title>baseline ")
                    .append(Numbers.plain(row.baseline(), 4))
                    .append("</title></path>");
        }
        b.append("<text class=\"note\" x=\"")
                .append(W - RIGHT)
                .append("\" y=\"")
                .append(xy(cy + 4))
                .append("\" text-anchor=\"end\">")
                .append(esc(row.note()))
                .append("</text>\n");
    }

    static String color(int i) {
        return PALETTE.get(i % PALETTE.size());
    }

    /** Returns the smallest of 1, 2, 5 times a power of ten that is {@code >= x}: a tick step that reads well. */
    static double niceStep(double x) {
        if (!(x > 0) || !Double.isFinite(x)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(x)));
        return x <= p ? p : x <= 2 * p ? 2 * p : x <= 5 * p ? 5 * p : 10 * p;
    }

    /** Rounds up to 1, 2 or 5 times a power of ten, so axis ticks at quarters read well. */
    static double niceMax(double max) {
        if (!(max > 0) || !Double.isFinite(max)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= max) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static StringBuilder open(String title, int h) {
        return new StringBuilder("<figure class=\"chart\"><svg class=\"chart\" viewBox=\"0 0 " + W + " " + h
                + "\" role=\"img\" aria-label=\"" + esc(title) + "\">\n");
    }

    private static String close(StringBuilder b, String title) {
        return b.append("</svg><figcaption>")
                .append(esc(title))
                .append("</figcaption></figure>\n")
                .toString();
    }

    private static void yAxis(StringBuilder b, double yMax, int plotW, int plotH, String unit) {
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotH - i * plotH / 4.0;
            b.append("<line class=\"grid\" x1=\"")
                    .append(LEFT)
                    .append("\" y1=\"")
                    .append(xy(y))
                    .append("\" x2=\"")
                    .append(LEFT + plotW)
                    .append("\" y2=\"")
                    .append(xy(y))
                    .append("\"/><text class=\"tick\" x=\"")
                    .append(LEFT - 6)
                    .append("\" y=\"")
                    .append(xy(y + 4))
                    .append("\" text-anchor=\"end\">")
                    .append(Numbers.plain(yMax * i / 4, 3))
                    .append("</text>");
        }
        b.append("<text class=\"axis\" transform=\"rotate(-90)\" x=\"")
                .append(-(TOP + plotH / 2))
                .append("\" y=\"14\"")
                .append(" text-anchor=\"middle\">")
                .append(esc(unit))
                .append("</text>\n");
    }

    private static void legend(StringBuilder b, List<String> labels, int x, int top) {
        for (int i = 0; i < labels.size(); i++) {
            int y = top + i * 16;
            b.append("<rect x=\"")
                    .append(x)
                    .append("\" y=\"")
                    .append(y - 8)
                    .append("\" width=\"12\" height=\"4\" fill=\"")
                    .append(color(i))
                    .append("\"/><text class=\"legend\" x=\"")
                    .append(x + 18)
                    .append("\" y=\"")
                    .append(y - 2)
                    .append("\">")
                    .append(esc(labels.get(i)))
                    .append("</text>\n");
        }
    }
}
