package dev.ollamaperf.client.api;

/** Go's {@code time.ParseDuration}: the syntax of Ollama's {@code keep_alive} strings and of this client's duration settings. */
public final class GoDuration {

    private GoDuration() {}

    /**
     * Parses e.g. {@code "1h30m"}, {@code "1.5s"}, {@code "-1m"}, {@code "0"} into nanoseconds.
     *
     * @throws IllegalArgumentException naming the text when it is not a Go duration
     */
    public static long parseNanos(String text) {
        return parseNanos("keep_alive", text);
    }

    /**
     * Parses like {@link #parseNanos(String)}; error messages name {@code setting}.
     *
     * @throws IllegalArgumentException naming the setting and the text when it is not a Go duration
     */
    public static long parseNanos(String setting, String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(setting, text, "empty");
        }
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            negative = text.charAt(0) == '-';
            i++;
        }
        if (text.substring(i).equals("0")) {
            return 0;
        }
        if (i == text.length()) {
            throw invalid(setting, text, "no digits");
        }
        double total = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw invalid(setting, text, "expected a number at position " + start);
            }
            double value = Double.parseDouble(text.substring(start, i));
            int unitStart = i;
            while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            if (unitStart == i) {
                throw invalid(setting, text, "missing unit");
            }
            total += value * unitNanos(setting, text, text.substring(unitStart, i));
        }
        long nanos = Math.round(total);
        return negative ? -nanos : nanos;
    }

    private static long unitNanos(String setting, String text, String unit) {
        switch (unit) {
            case "ns":
                return 1L;
            case "us":
            case "\u00b5s":
            case "\u03bcs":
                return 1_000L;
            case "ms":
                return 1_000_000L;
            case "s":
                return 1_000_000_000L;
            case "m":
                return 60_000_000_000L;
            case "h":
                return 3_600_000_000_000L;
            default:
                throw invalid(setting, text, "unknown unit '" + unit + "'");
        }
    }

    private static IllegalArgumentException invalid(String setting, String text, String why) {
        return new IllegalArgumentException(
                "'" + setting + "' must be a Go duration such as \"5m\" (" + why + "), got: \"" + text + "\"");
    }
}
