package dev.ollamaperf.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The JMH presets of {@code dev.ollamaperf.benchmarks.BenchmarkSuite --mode}, with what the gate says of each. */
public enum BenchMode {
    QUICK(" (about 3 minutes for the whole suite)"),
    FULL(" (about 45 minutes for the whole suite)"),
    SMOKE(" (every benchmark once: proves they run, measures nothing)");

    private final String about;

    BenchMode(String about) {
        this.about = about;
    }

    /** Returns the name BenchmarkSuite and the user know it by, e.g. {@code quick}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns how long the whole suite takes or what it proves, for the gate's progress line. */
    public String about() {
        return about;
    }

    /** Returns the mode of that name, if any. */
    public static Optional<BenchMode> named(String label) {
        return Arrays.stream(values()).filter(m -> m.label().equals(label)).findFirst();
    }
}
