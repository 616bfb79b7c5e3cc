package dev.ollamaperf.reports.render;

import static dev.ollamaperf.reports.render.Html.esc;
import static dev.ollamaperf.reports.render.Html.xy;

import dev.ollamaperf.reports.metric.Numbers;
import java.util.List;
import java.util.Objects;

/**
 * Charts over time for the HTML report, in the look of {@link SvgCharts}: bucketed values drawn as steps
 * (each bucket a flat segment over its width, which is what a bucket knows), a left axis and optionally a
 * right one, a dashed reference line (e.g. the users of a closed model), the legend below.
 */
final class SvgTimeCharts {

    private static final int W = 640;
    private static final int LEFT = 64;
    private static final int RIGHT_AXIS = 64;
    private static final int TOP = 16;
    private static final int PLOT_H = 200;

    /** How a line is drawn. */
    enum Style {
        SOLID,
        DASHED,
        /** Filled down to 0, translucent, behind the lines: for a series whose shape follows another's. */
        AREA
    }

    /**
     * One line: a value per bucket, {@code NaN} where the bucket has none (the line breaks there; an area has none).
     *
     * @param right drawn against the right axis
     */
    record Line(String label, double[] values, int color, Style style, boolean right) {
        Line {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(style, "style");
            values = values.clone();
        }

        boolean counts() {
            for (double v : values) {
                if (!Double.isNaN(v) && v != Math.rint(v)) {
                    return false;
                }
            }
            return true;
        }

        double max() {
            double m = 0;
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    m = Math.max(m, v);
                }
            }
            return m;
        }
    }

    /** A horizontal dashed line at {@code value} on the left axis, labelled. */
    record Reference(String label, double value) {
        Reference {
            Objects.requireNonNull(label, "label");
        }
    }

    private SvgTimeCharts() {}

    /**
     * Lines over {@code buckets} buckets of {@code stepSeconds}; x is time since the series' start.
     *
     * @param rightUnit unit of the right axis, or null when no line uses it
     * @param reference a reference line, or null
     */
    static String steps(
            String title,
            double stepSeconds,
            int buckets,
            String leftUnit,
            String rightUnit,
            List<Line> lines,
            Reference reference) {
        int right = rightUnit == null ? 16 : RIGHT_AXIS;
        int plotW = W - LEFT - right;
        int h = TOP + PLOT_H + 44 + 16 * lines.size() + (reference == null ? 0 : 16);
        double span = Math.max(stepSeconds, stepSeconds * buckets);
        double leftMax = SvgCharts.niceMax(Math.max(
                reference == null ? 0 : reference.value(),
                lines.stream()
                        .filter(l -> !l.right())
                        .mapToDouble(Line::max)
                        .max()
                        .orElse(0)));
        if (leftMax % 4 != 0 && lines.stream().filter(l -> !l.right()).allMatch(Line::counts)) {
            leftMax = 4 * Math.ceil(leftMax / 4); // counts: whole-number ticks at quarters rather than 1.25, 2.5...
        }
        double rightMax = SvgCharts.niceMax(
                lines.stream().filter(Line::right).mapToDouble(Line::max).max().orElse(0));
        StringBuilder b = new StringBuilder("<figure class=\"chart\"><svg class=\"chart\" viewBox=\"0 0 " + W + " " + h
                + "\" role=\"img\" aria-label=\"" + esc(title) + "\">\n");
        for (int i = 0; i <= 4; i++) {
            double y = TOP + PLOT_H - i * PLOT_H / 4.0;
            b.append("<line class=\"grid\" x1=\"")
                    .append(LEFT)
                    .append("\" y1=\"")
                    .append(xy(y))
                    .append("\" x2=\"")
                    .append(LEFT + plotW)
                    .append("\" y2=\"")
                    .append(xy(y))
                    .append("\"/>");
            tick(b, LEFT - 6, y + 4, "end", Numbers.plain(leftMax * i / 4, 3));
            if (rightUnit != null) {
                tick(b, LEFT + plotW + 6, y + 4, "start", Numbers.plain(rightMax * i / 4, 3));
            }
        }
        axisLabel(b, 14, leftUnit);
        if (rightUnit != null) {
            axisLabel(b, W - 6, rightUnit);
        }
        Span unit = Span.of(span);
        double tickStep = SvgCharts.niceStep(span / unit.seconds / 6) * unit.seconds;
        for (double t = 0; t <= span + 1e-9; t += tickStep) {
            double x = LEFT + t / span * plotW;
            b.append("<line class=\"grid\" x1=\"")
                    .append(xy(x))
                    .append("\" y1=\"")
                    .append(TOP)
                    .append("\" x2=\"")
                    .append(xy(x))
                    .append("\" y2=\"")
                    .append(TOP + PLOT_H)
                    .append("\"/>");
            tick(b, x, TOP + PLOT_H + 16, "middle", Numbers.plain(t / unit.seconds, 4));
        }
        b.append("<text class=\"axis\" x=\"")
                .append(LEFT + plotW / 2)
                .append("\" y=\"")
                .append(TOP + PLOT_H + 32)
                .append("\" text-anchor=\"middle\">")
                .append(unit.label)
                .append(" since the first request</text>\n");
        if (reference != null) {
            double y = TOP + PLOT_H - reference.value() / leftMax * PLOT_H;
            b.append("<path class=\"base\" d=\"M")
                    .append(LEFT)
                    .append(' ')
                    .append(xy(y))
                    .append(" H")
                    .append(LEFT + plotW)
                    .append("\"><title>")
                    .append(esc(reference.label()))
                    .append("</title></path>\n");
        }
        for (Style style : List.of(Style.AREA, Style.DASHED, Style.SOLID)) { // areas behind, solid lines on top
            for (Line line : lines) {
                if (line.style() == style) {
                    line(b, line, plotW, buckets, line.right() ? rightMax : leftMax);
                }
            }
        }
        legend(b, lines, reference, TOP + PLOT_H + 50);
        return b.append("</svg><figcaption>")
                .append(esc(title))
                .append("</figcaption></figure>\n")
                .toString();
    }

    private static void line(StringBuilder b, Line line, int plotW, int buckets, double max) {
        String color = SvgCharts.color(line.color());
        b.append("<path class=\"series\" d=\"")
                .append(path(line.values(), plotW, buckets, max, line.style() == Style.AREA))
                .append("\" stroke=\"")
                .append(color);
        switch (line.style()) {
            case AREA -> b.append("\" fill=\"").append(color).append("\" fill-opacity=\"0.18\" stroke-width=\"1\"");
            case DASHED -> b.append("\" fill=\"none\" stroke-width=\"2\" stroke-dasharray=\"5 3\"");
            case SOLID -> b.append("\" fill=\"none\" stroke-width=\"2\"");
        }
        b.append("><title>").append(esc(line.label())).append("</title></path>\n");
    }

    /**
     * Steps: each bucket a flat segment; a bucket without a value breaks the line. An area starts and ends on the
     * x axis and is closed (its missing values count as 0).
     */
    private static String path(double[] values, int plotW, int buckets, double max, boolean area) {
        StringBuilder d = new StringBuilder();
        double base = TOP + PLOT_H;
        if (area) {
            d.append('M').append(LEFT).append(' ').append(xy(base));
        }
        boolean open = area;
        for (int i = 0; i < values.length; i++) {
            double value = area && Double.isNaN(values[i]) ? 0 : values[i];
            if (Double.isNaN(value)) {
                open = false;
                continue;
            }
            double x0 = LEFT + (double) i / buckets * plotW;
            double x1 = LEFT + (double) (i + 1) / buckets * plotW;
            double y = base - value / max * PLOT_H;
            if (open) {
                d.append(" V").append(xy(y));
            } else {
                d.append(d.length() == 0 ? "M" : " M")
                        .append(xy(x0))
                        .append(' ')
                        .append(xy(y));
            }
            d.append(" H").append(xy(x1));
            open = true;
        }
        if (area) {
            d.append(" V").append(xy(base)).append(" Z");
        }
        return d.length() == 0 ? "M" + LEFT + " " + (TOP + PLOT_H) + " H" + LEFT : d.toString();
    }

    private static void tick(StringBuilder b, double x, double y, String anchor, String text) {
        b.append("<text class=\"tick\" x=\"")
                .append(xy(x))
                .append("\" y=\"")
                .append(xy(y))
                .append("\" text-anchor=\"")
                .append(anchor)
                .append("\">")
                .append(text)
                .append("</text>");
    }

    private static void axisLabel(StringBuilder b, int x, String unit) {
        b.append("<text class=\"axis\" transform=\"rotate(-90)\" x=\"")
                .append(-(TOP + PLOT_H / 2))
                .append("\" y=\"")
                .append(x)
                .append("\" text-anchor=\"middle\">")
                .append(esc(unit))
                .append("</text>\n");
    }

    private static void legend(StringBuilder b, List<Line> lines, Reference reference, int top) {
        int y = top;
        for (Line line : lines) {
            b.append("<rect x=\"")
                    .append(LEFT + 8)
                    .append("\" y=\"")
                    .append(y - 8)
                    .append("\" width=\"12\" height=\"4\" fill=\"")
                    .append(SvgCharts.color(line.color()))
                    .append(line.style() == Style.AREA ? "\" fill-opacity=\"0.4" : "")
                    .append("\"/><text class=\"legend\" x=\"")
                    .append(LEFT + 26)
                    .append("\" y=\"")
                    .append(y - 2)
                    .append("\">")
                    .append(esc(line.label()))
                    .append(line.right() ? " (right axis)" : "")
                    .append("</text>\n");
            y += 16;
        }
        if (reference != null) {
            b.append("<path class=\"base\" d=\"M")
                    .append(LEFT + 8)
                    .append(' ')
                    .append(y - 6)
                    .append(" H")
                    .append(LEFT + 20)
                    .append("\"/><text class=\"legend\" x=\"")
                    .append(LEFT + 26)
                    .append("\" y=\"")
                    .append(y - 2)
                    .append("\">")
                    .append(esc(reference.label()))
                    .append("</text>\n");
        }
    }

    /** The x axis unit: seconds up to 5 minutes, minutes up to 5 hours, then hours. */
    private enum Span {
        SECONDS(1, "s"),
        MINUTES(60, "min"),
        HOURS(3600, "h");

        private final double seconds;
        private final String label;

        Span(double seconds, String label) {
            this.seconds = seconds;
            this.label = label;
        }

        static Span of(double spanSeconds) {
            return spanSeconds <= 300 ? SECONDS : spanSeconds <= 5 * 3600 ? MINUTES : HOURS;
        }
    }
}
