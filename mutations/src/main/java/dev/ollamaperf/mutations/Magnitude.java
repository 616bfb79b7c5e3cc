package dev.ollamaperf.mutations;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the text after a mutation's colon means, and how it is parsed into one number. */
enum Magnitude {
    /** No magnitude: the mutation is on or off. */
    NONE("no magnitude"),
    /** A duration such as {@code 1ms}, {@code 250us}, {@code 500ns}, {@code 2s}, parsed into nanoseconds. */
    DURATION("a duration such as 1ms, 250us, 500ns (1 ns to 10 s)"),
    /** Whole kilobytes (1024 bytes), parsed into bytes. */
    KILOBYTES("whole kilobytes, 1 to 1048576");

    private static final Pattern DURATION_TEXT = Pattern.compile("(\\d{1,12})(ns|us|ms|s)");
    private static final long MAX_NANOS = 10_000_000_000L;
    private static final long MAX_KB = 1_048_576L;

    private final String expected;

    Magnitude(String expected) {
        this.expected = expected;
    }

    /** What a valid value looks like, for error messages. */
    String expected() {
        return expected;
    }

    /**
     * Parses {@code text} (null when the mutation was named without a colon).
     *
     * @throws IllegalArgumentException naming the mutation, the rule and the value
     */
    long parse(String mutation, String text) {
        if (this == NONE) {
            if (text != null) {
                throw new IllegalArgumentException(
                        "mutation '" + mutation + "' takes no magnitude, got: '" + mutation + ":" + text + "'");
            }
            return 0;
        }
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("mutation '" + mutation + "' needs a magnitude (" + expected
                    + "), e.g. '" + mutation + ":" + (this == DURATION ? "1ms" : "64") + "'");
        }
        long value = this == DURATION ? nanos(text) : kilobytes(text);
        if (value <= 0) {
            throw bad(mutation, text);
        }
        return value;
    }

    private long nanos(String text) {
        Matcher m = DURATION_TEXT.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        long amount = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            default -> 1_000_000_000L;
        };
        return amount > MAX_NANOS / unit ? -1 : amount * unit;
    }

    private static long kilobytes(String text) {
        if (!text.matches("\\d{1,7}")) {
            return -1;
        }
        long kb = Long.parseLong(text);
        return kb > MAX_KB ? -1 : kb * 1024;
    }

    IllegalArgumentException bad(String mutation, String text) {
        return new IllegalArgumentException("mutation '" + mutation + "' needs " + expected + ", got: '" + text + "'");
    }

    /** The parsed value as a person reads it: {@code 1 ms}, {@code 250 us}, {@code 64 KB}. */
    String format(long value) {
        return switch (this) {
            case NONE -> "";
            case DURATION ->
                value % 1_000_000 == 0
                        ? value / 1_000_000 + " ms"
                        : value % 1_000 == 0 ? value / 1_000 + " us" : value + " ns";
            case KILOBYTES -> value / 1024 + " KB";
        };
    }
}
