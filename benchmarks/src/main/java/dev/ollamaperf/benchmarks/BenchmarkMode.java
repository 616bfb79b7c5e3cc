package dev.ollamaperf.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long and how often the suite measures. Both modes fork (a benchmark never shares a JVM with
 * the harness) and warm up; they differ in how much evidence they gather.
 */
public enum BenchmarkMode {

    /**
     * For CI: one fork, short iterations, but enough of them (5 measured) that JMH's 99.9% error
     * bar stays usable on a noisy 2-core machine; a 3-iteration run was seen to be too wide here.
     * About 3.5 s per benchmark configuration including the fork, so the whole suite fits in 3 minutes.
     */
    QUICK(1, 2, millis(300), 5, millis(300)),

    /** For real measurements: three forks so that JVM-to-JVM variance shows in the error. */
    FULL(3, 5, seconds(1), 10, seconds(1));

    private final int forks;
    private final int warmupIterations;
    private final TimeValue warmupTime;
    private final int measurementIterations;
    private final TimeValue measurementTime;

    BenchmarkMode(int forks, int warmupIterations, TimeValue warmupTime, int measurementIterations,
                  TimeValue measurementTime) {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupTime = warmupTime;
        this.measurementIterations = measurementIterations;
        this.measurementTime = measurementTime;
    }

    /** Applies this mode's forks, warm-up and measurement settings to a JMH options builder. */
    public ChainedOptionsBuilder applyTo(ChainedOptionsBuilder options) {
        return options.forks(forks)
                .warmupIterations(warmupIterations)
                .warmupTime(warmupTime)
                .measurementIterations(measurementIterations)
                .measurementTime(measurementTime);
    }

    private static TimeValue millis(long value) {
        return new TimeValue(value, TimeUnit.MILLISECONDS);
    }

    private static TimeValue seconds(long value) {
        return new TimeValue(value, TimeUnit.SECONDS);
    }
}
