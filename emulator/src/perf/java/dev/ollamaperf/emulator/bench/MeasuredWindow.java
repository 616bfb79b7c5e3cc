package dev.ollamaperf.emulator.bench;

import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.engine.EngineStats;
import java.util.concurrent.TimeUnit;

/**
 * The part of a level that is measured, and what the process and the engine spent in it: a whole burst level, or a
 * steady level's seconds after its settle time. A steady level's readings are taken at those instants by a thread of
 * its own while the client runs, so that the start's request burst and JIT, and the end's draining streams, stay out
 * of the CPU, GC and engine-lateness columns as they stay out of the client's errors.
 */
final class MeasuredWindow {

    /** What the window saw: its bounds ({@code System.nanoTime()}) and what was spent between them. */
    record Readings(ThreadCpu cpu, GcPauses gc, EngineStats.SchedulingLateness engine, long startNanos, long endNanos) {

        boolean contains(long nanos) {
            return nanos - startNanos >= 0 && nanos - endNanos < 0;
        }

        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    private final Emulator emulator;
    /** The thread that takes a steady window's readings; null for a window open until {@link #close()}. */
    private Thread reader;

    private ThreadCpu cpuBefore;
    private GcPauses gcBefore;
    private long startNanos;
    private volatile Readings readings;

    private MeasuredWindow(Emulator emulator) {
        this.emulator = emulator;
    }

    /** A window open from now until {@link #close()}. */
    static MeasuredWindow fromNow(Emulator emulator) {
        MeasuredWindow window = new MeasuredWindow(emulator);
        window.open();
        return window;
    }

    /** A window from {@code startNanos} to {@code endNanos}, both in the future, read by a thread of its own. */
    static MeasuredWindow between(Emulator emulator, long startNanos, long endNanos) {
        MeasuredWindow window = new MeasuredWindow(emulator);
        window.reader = new Thread(() -> window.readBetween(startNanos, endNanos), "scheduling-window");
        window.reader.setDaemon(true);
        window.reader.start();
        return window;
    }

    /** The readings: taken now for a window open until this call, else when its end came. */
    Readings close() throws InterruptedException {
        if (reader == null) {
            end();
        } else {
            reader.join();
        }
        return readings;
    }

    private void readBetween(long windowStart, long windowEnd) {
        try {
            sleepUntil(windowStart);
            open();
            sleepUntil(windowEnd);
            end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // only when the JVM stops: no readings
        }
    }

    private void open() {
        emulator.engine().resetPeaks();
        gcBefore = GcPauses.now();
        cpuBefore = ThreadCpu.now();
        startNanos = System.nanoTime();
    }

    private void end() {
        long endNanos = System.nanoTime();
        EngineStats.SchedulingLateness engine = emulator.engine().stats().schedulingLateness();
        readings = new Readings(
                ThreadCpu.now().minus(cpuBefore), GcPauses.now().minus(gcBefore), engine, startNanos, endNanos);
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
