package dev.ollamaperf.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The progress lines of a long command, each with the seconds since it started: {@code [gate 2/5  14s] JMH
 * quick suite ...} for numbered steps, {@code [capacity  20s] step 1/5 ...} for the rest,
 * {@code [gate] done in 290s: RUN} at the end. Thread-safe: children's output is relayed from their threads.
 */
final class ProgressLines {

    private final String name;
    private final int steps;
    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final long start;
    private int step;

    /**
     * @param name the command, first in every line
     * @param steps how many numbered steps there are (0: none)
     */
    ProgressLines(String name, int steps, PrintStream out, LongSupplier nanoClock) {
        this.name = Objects.requireNonNull(name, "name");
        this.steps = steps;
        this.out = Objects.requireNonNull(out, "out");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.start = nanoClock.getAsLong();
    }

    /** The whole seconds since the command started. */
    long seconds() {
        return TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong() - start);
    }

    /** The next numbered step: {@code [gate 3/5  75s] load: steady for 20s (log: ...)}. */
    synchronized void step(String text) {
        step++;
        print(String.format(Locale.ROOT, "[%s %d/%d %3ds] %s", name, step, steps, seconds(), text));
    }

    /** An unnumbered line: {@code [gate  80s] confirming ...}. */
    synchronized void line(String text) {
        print(String.format(Locale.ROOT, "[%s %3ds] %s", name, seconds(), text));
    }

    /** A line without a time: {@code [gate] not confirming: ...}. */
    synchronized void note(String text) {
        print("[" + name + "] " + text);
    }

    /** The last line: {@code [gate] done in 290s: RUN}. */
    synchronized void done(Object run) {
        note("done in " + seconds() + "s: " + run);
    }

    private void print(String line) {
        out.println(line);
        out.flush();
    }
}
