package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import java.util.List;
import java.util.Locale;

/** HTML text helpers for the HTML report: escaping and locale-free numbers. */
final class Html {

    private Html() {}

    /**
     * Escapes text for HTML element content and double- or single-quoted attribute values. Every string
     * that comes from input (metric names, run ids, environment values, budget messages) goes through here.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Returns a coordinate with one decimal, locale-free: {@code 12.3}. */
    static String xy(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Returns a value with its unit, 4 significant digits: {@code 1623 ms}. */
    static String value(Metric m) {
        return Numbers.plain(m.value(), 4) + " " + m.unit();
    }

    /** Returns an interval as {@code [low, high]}, or an empty string when there is none. */
    static String interval(Interval i) {
        return i == null ? "" : "[" + Numbers.plain(i.low(), 4) + ", " + Numbers.plain(i.high(), 4) + "]";
    }

    /** Returns a {@code <table>} with a header row; cells are HTML already (callers escape their text). */
    static String table(String cssClass, List<String> header, List<List<String>> rows, List<String> rowClasses) {
        StringBuilder b = new StringBuilder();
        b.append("<table class=\"").append(cssClass).append("\"><thead><tr>");
        for (String h : header) {
            b.append("<th>").append(esc(h)).append("</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (int r = 0; r < rows.size(); r++) {
            String cls = rowClasses == null ? "" : rowClasses.get(r);
            b.append(cls.isEmpty() ? "<tr>" : "<tr class=\"" + cls + "\">");
            for (String cell : rows.get(r)) {
                b.append("<td>").append(cell).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }
}
