package dev.ollamaperf.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long and how often the suite measures: presets of JMH's own options ({@code -f}, {@code -wi},
 * {@code -w}, {@code -i}, {@code -r}). {@code quick} and {@code full} fork (a benchmark never shares a
 * JVM with the harness) and warm up; they differ in how much evidence they gather. {@code smoke}
 * measures nothing worth reading: it proves every benchmark still runs.
 */
public enum BenchmarkMode {

    /**
     * For CI: one fork, short iterations, but enough of them (5 measured) that JMH's 99.9% error
     * bar stays usable on a noisy 2-core machine; a 3-iteration run was seen to be too wide here.
     * About 3.5 s per benchmark configuration including the fork, so the whole suite fits in 3 minutes.
     */
    QUICK(1, 2, millis(300), 5, millis(300)),

    /** For real measurements: three forks so that JVM-to-JVM variance shows in the error. */
    FULL(3, 5, seconds(1), 10, seconds(1)),

    /**
     * For tests: every configuration runs once, in-process (no fork), with no warm-up and one 10 ms
     * iteration, so the whole suite takes seconds. It proves that each benchmark sets up, runs and
     * tears down without an error; its numbers are not measurements.
     */
    SMOKE(0, 0, millis(10), 1, millis(10));

    private final int forks;
    private final int warmupIterations;
    private final TimeValue warmupTime;
    private final int measurementIterations;
    private final TimeValue measurementTime;

    BenchmarkMode(
            int forks,
            int warmupIterations,
            TimeValue warmupTime,
            int measurementIterations,
            TimeValue measurementTime) {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupTime = warmupTime;
        this.measurementIterations = measurementIterations;
        this.measurementTime = measurementTime;
    }

    /**
     * Applies this mode's forks, warm-up and measurement settings to a JMH options builder, except
     * those {@code explicit} sets: options typed on the command line win over the preset.
     */
    public ChainedOptionsBuilder applyTo(ChainedOptionsBuilder options, Options explicit) {
        if (!explicit.getForkCount().hasValue()) {
            options.forks(forks);
        }
        if (!explicit.getWarmupIterations().hasValue()) {
            options.warmupIterations(warmupIterations);
        }
        if (!explicit.getWarmupTime().hasValue()) {
            options.warmupTime(warmupTime);
        }
        if (!explicit.getMeasurementIterations().hasValue()) {
            options.measurementIterations(measurementIterations);
        }
        if (!explicit.getMeasurementTime().hasValue()) {
            options.measurementTime(measurementTime);
        }
        return options;
    }

    /** The preset as JMH command-line options, as a person would type them. */
    public String asJmhOptions() {
        return "-f " + forks + " -wi " + warmupIterations + " -w " + jmhTime(warmupTime) + " -i "
                + measurementIterations + " -r " + jmhTime(measurementTime);
    }

    private static String jmhTime(TimeValue time) {
        return time.getTimeUnit() == TimeUnit.SECONDS
                ? time.getTime() + "s"
                : time.convertTo(TimeUnit.MILLISECONDS) + "ms";
    }

    private static TimeValue millis(long value) {
        return new TimeValue(value, TimeUnit.MILLISECONDS);
    }

    private static TimeValue seconds(long value) {
        return new TimeValue(value, TimeUnit.SECONDS);
    }
}
