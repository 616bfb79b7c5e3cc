package dev.ollamaperf.reports.capacity;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Step names and levels: {@code capacity_c004} is 4 users, {@code capacity_r2_5} 2.5 arrivals per second. */
final class Levels {

    private static final Pattern STEP = Pattern.compile("capacity_(c|r)(\\d+)(?:_(\\d+))?");

    private Levels() {}

    /** The level of a capacity step's scenario name, or empty for any other scenario. */
    static Optional<Double> of(String scenario) {
        Matcher m = STEP.matcher(scenario);
        if (!m.matches()) {
            return Optional.empty();
        }
        String number = m.group(2) + (m.group(3) == null ? "" : "." + m.group(3));
        return Optional.of(Double.parseDouble(number));
    }

    /** True for a rate step ({@code capacity_r...}). */
    static boolean isRate(String scenario) {
        return scenario.startsWith("capacity_r");
    }

    /** A level without trailing zeros: 4, 2.5. */
    static String plain(double level) {
        return java.math.BigDecimal.valueOf(level).stripTrailingZeros().toPlainString();
    }
}
