package dev.ollamaperf.reports.capacity;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes for people (1024-based: GiB) and from the command line ({@code 24GiB}, {@code 512MiB}, {@code 16GB}). */
public final class Bytes {

    private static final Pattern SIZE = Pattern.compile("([0-9.]+)\\s*([kmgt]?)(i?b)?");

    private Bytes() {}

    /** {@code 2.5 GiB}, {@code 300.0 MiB}. */
    public static String text(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }

    /**
     * Parses a size; {@code GB} and {@code GiB} both mean 2^30 (memory is sold in binary units).
     *
     * @throws IllegalArgumentException naming the text
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'--memory' must be a size such as 24GiB, 512MiB or 16GB, got: " + text);
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return Math.round(Double.parseDouble(m.group(1)) * (1L << shift));
    }
}
